/**
 * The gate role: opens the reader and the configured GPIO backend, builds the GateController, mounts the status
 * routes, polls until stop, and purges alarm records hourly (item IDs past keepAlarmedItemIdsDays).
 */
import type { RoleStart, Runtime } from '../../runtime.ts';
import { openGpio } from '../../../drivers/gpio/index.ts';
import { realTimers, type Timers } from '../../../drivers/gpio/timers.ts';
import type { GpioBackend } from '../../../drivers/gpio/types.ts';
import { loadTagCodec } from '../inventory/codec.ts';
import { GateController } from './controller.ts';
import { AlarmRecords } from './records.ts';
import { gateRouter } from './routes.ts';

export const start: RoleStart = async (rt) => {
  await startGate(rt);
};

let current: GateController | undefined;
/** The running gate (undefined when the gate role is not running). */
export function getGateController(): GateController | undefined {
  return current;
}

/** The role's start with its seams open for tests (a GPIO backend, timers). */
export async function startGate(
  rt: Runtime,
  opts: { gpio?: GpioBackend; timers?: Timers } = {},
): Promise<GateController> {
  const log = rt.log.child({ module: 'gate' });
  const { config } = rt;
  const g = config.gate;
  const timers = opts.timers ?? realTimers;
  const gpio =
    opts.gpio ??
    (await openGpio(
      { backend: g.gpio.backend, chip: g.gpio.chip, chipLabel: g.gpio.chipLabel, sysfsRoot: g.gpio.sysfsRoot },
      log,
    ));
  rt.onStop(() => gpio.close());
  const reader = await rt.openReader();
  const records = await AlarmRecords.open(rt.dataDir, {
    keepItemIdsDays: g.keepAlarmedItemIdsDays,
    keepTimesDays: g.keepAlarmTimesDays,
    onError: (err) =>
      log.error({ code: (err as NodeJS.ErrnoException).code ?? 'unexpected' }, 'alarm record write failed'),
  });
  let decode: ((bytes: Uint8Array, dsfid?: number) => string) | undefined;
  if (g.ilsCheck || g.keepAlarmedItemIdsDays > 0) {
    const codec = await loadTagCodec(config);
    decode = (bytes, dsfid) => codec.decode(bytes, dsfid).primaryItemId;
  }
  const gate = new GateController({
    config,
    reader,
    gpio,
    events: rt.events,
    records,
    timers,
    log,
    ils: rt.ils,
    decode,
  });
  await gate.open();
  rt.app.use('/api/gate', gateRouter(gate));
  const stop = new AbortController();
  const loop = gate.poller.run(stop.signal);
  const purge = setInterval(() => void records.purge().catch(() => undefined), 3_600_000);
  purge.unref();
  current = gate;
  rt.onStop(async () => {
    stop.abort();
    clearInterval(purge);
    await loop;
    gate.close();
    await records.flush();
    if (current === gate) current = undefined;
  });
  log.info(
    { driver: reader.driver, mode: config.tags.security.mode, antennas: config.reader.antennas, gpio: gpio.name },
    'gate started',
  );
  return gate;
}
