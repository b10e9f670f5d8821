/** A gate on the simulator: SimField + SimReader, SimGpio, virtual timers following the field's air time. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema, type ConfigInput } from '../../src/config/index.ts';
import { StationEvents } from '../../src/events.ts';
import { silentLogger } from '../../src/log/index.ts';
import { SimField } from '../../drivers/sim/field.ts';
import { SimReader } from '../../drivers/sim/reader.ts';
import { SimTag } from '../../drivers/sim/tag.ts';
import { SimGpio } from '../../drivers/gpio/sim.ts';
import { realTimers, VirtualTimers, type Timers } from '../../drivers/gpio/timers.ts';
import { GateController, type GateDeps } from '../../src/roles/gate/controller.ts';
import { AlarmRecords } from '../../src/roles/gate/records.ts';

export const LIGHT = 17;
export const BUZZER = 27;
export const FAULT = 22;
export const SILENCE = 23;
export const BEAM_A = 5;
export const BEAM_B = 6;

let n = 0;
export function tag(afi: number, opts: { antenna?: number; eas?: boolean; data?: Uint8Array } = {}): SimTag {
  n++;
  return new SimTag({
    uid: `E00401${(0x100000 + n * 0x1357).toString(16).toUpperCase().padStart(10, '0')}`,
    afi,
    ...opts,
  });
}

export interface GateRig {
  field: SimField;
  reader: SimReader;
  gpio: SimGpio;
  timers: Timers;
  events: StationEvents;
  records: AlarmRecords;
  gate: GateController;
  dataDir: string;
}

export async function rig(
  input: ConfigInput = {},
  opts: { timing?: 'real' | 'virtual'; deps?: Partial<GateDeps>; field?: SimField } = {},
): Promise<GateRig> {
  const config = configSchema.parse(input);
  const field = opts.field ?? new SimField({ timing: opts.timing ?? 'virtual' });
  const reader = new SimReader(field, { antennas: config.reader.antennas });
  const timers: Timers = opts.timing === 'real' ? realTimers : new VirtualTimers(0, () => field.clock.nowUs() / 1000);
  const gpio = new SimGpio(timers);
  const events = new StationEvents();
  const dataDir = mkdtempSync(join(tmpdir(), 'gate-'));
  const records = await AlarmRecords.open(dataDir, {
    keepItemIdsDays: config.gate.keepAlarmedItemIdsDays,
    keepTimesDays: config.gate.keepAlarmTimesDays,
  });
  const gate = new GateController({
    config,
    reader,
    gpio,
    events,
    records,
    timers,
    log: silentLogger,
    ...opts.deps,
  });
  await gate.open();
  return { field, reader, gpio, timers, events, records, gate, dataDir };
}

/** Runs poll cycles on the virtual clock until `ms` of air time passed, firing due timers after each. */
export async function pollFor(r: GateRig, ms: number): Promise<void> {
  const t = r.timers as VirtualTimers;
  const end = t.now() + ms;
  while (t.now() < end) {
    await r.gate.poller.cycle();
    t.advanceTo(t.now());
  }
}
