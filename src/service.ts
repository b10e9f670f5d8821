/**
 * The composition root: logger, data directory, event bus, ILS, reader, HTTP app, then the configured role.
 * `startService(config)` returns the kiosk URL and a stop() that runs the roles' clean-ups last-first.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Config } from './config/index.ts';
import { createLogger, type Logger } from './log/index.ts';
import { StationEvents } from './events.ts';
import { createIls } from './sip2/factory.ts';
import type { Ils } from './sip2/ils.ts';
import { createReader, loadTagContent } from '../drivers/factory.ts';
import { SimField, sampleLibraryTags, type ScenarioTag, type TagContent } from '../drivers/sim/index.ts';
import type { Runtime, RoleStart } from './runtime.ts';
import { createApp, finishApp } from './server/app.ts';
import { kioskRouter } from './server/kiosk-routes.ts';
import { simRouter } from './server/sim-routes.ts';
import { getKioskController } from './roles/kiosk/start.ts';
import { mountStationStaff, staffMounted } from './server/staff/station.ts';
import { startStationOps, type StationOps } from './ops/station-ops.ts';

export const UI_DIR = fileURLToPath(new URL('../kiosk-ui/', import.meta.url));

export interface ServiceOptions {
  log?: Logger;
  /** Test seams: a role start other than src/roles/<role>/start.ts, sim tag content other than src/tags'. */
  roleStart?: RoleStart;
  tagContent?: TagContent;
  /** Environment for sd_notify (NOTIFY_SOCKET, WATCHDOG_USEC); process.env by default. */
  env?: NodeJS.ProcessEnv;
}

export interface RunningService {
  url: string;
  /** Set when the reader is the simulator: the panel's URL. */
  simUrl?: string;
  /** Set when the reader is the simulator: its field (tests place their own tags, e.g. blank ones). */
  simField?: SimField;
  rt: Runtime;
  /** Statistics, metrics, retention and sd_notify (src/ops/station-ops.ts). */
  ops: StationOps;
  stop(): Promise<void>;
}

export async function startService(config: Config, opts: ServiceOptions = {}): Promise<RunningService> {
  const log = opts.log ?? createLogger({ level: config.log.level, file: config.log.file });
  const dataDir = path.resolve(config.general.dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const events = new StationEvents();
  const stops: (() => Promise<void> | void)[] = [];
  const app = createApp();

  // The sim field is built here (not in createReader) so the panel can place and remove the sample tags.
  let sim: { field: SimField; tags: ScenarioTag[] } | undefined;
  if (config.reader.driver === 'sim') {
    const field = new SimField({ timing: config.reader.sim.timing, seed: config.reader.sim.seed });
    const tags = sampleLibraryTags({
      content: opts.tagContent ?? (await loadTagContent(config, log)),
      family: config.reader.sim.family,
      afi: config.tags.security.afiSecured,
      eas: config.tags.security.mode !== 'afi',
      seed: config.reader.sim.seed,
      isil: config.tags.isil,
    });
    for (const t of tags.slice(0, config.reader.sim.initialTags)) field.addTag(t.tag);
    sim = { field, tags };
  }

  // Statistics and metrics listen before the ILS connects, so its first "online" is counted.
  const ops = await startStationOps({ config, log, events, dataDir, app, ...(opts.env ? { env: opts.env } : {}) });
  stops.push(() => ops.stop());
  let ils: Ils;
  try {
    ils = await createIls(config, log, events);
  } catch (err) {
    await ops.stop();
    throw err;
  }
  stops.push(async () => {
    await ils.close();
  });
  const rt: Runtime = {
    config,
    log,
    dataDir,
    ils,
    events,
    app,
    openReader: async () => {
      const reader = await createReader(config, log, sim ? { field: sim.field } : {});
      stops.push(() => reader.close());
      return reader;
    },
    onStop: (fn) => {
      stops.push(fn);
    },
  };
  app.use('/api/kiosk', kioskRouter(getKioskController));
  if (sim) app.use('/api/sim', simRouter(sim.field, sim.tags));

  const runStops = async (): Promise<void> => {
    for (const fn of stops.reverse()) {
      try {
        await fn();
      } catch (err) {
        log.error({ err }, 'stop hook failed');
      }
    }
  };
  let server: Server;
  try {
    const start =
      opts.roleStart ?? ((await import(`./roles/${config.general.role}/start.ts`)) as { start: RoleStart }).start;
    await start(rt);
    // Staff login, diagnostics, statistics and privacy audit on every role (inventory/encoder mount their own).
    if (!staffMounted(app)) mountStationStaff(rt);
    finishApp(app, UI_DIR);
    server = await new Promise((resolve, reject) => {
      const s = app.listen(config.http.port, config.http.host, (err?: Error) => (err ? reject(err) : resolve(s)));
    });
  } catch (err) {
    // A role that fails to start must not leave the ILS or reader open behind it.
    await runStops();
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  const host = config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host;
  const url = `http://${host}:${port}/`;
  log.info({ url, role: config.general.role }, 'station listening');
  ops.ready(url);

  let stopped = false;
  return {
    url,
    ...(sim ? { simUrl: `${url}sim.html`, simField: sim.field } : {}),
    rt,
    ops,
    async stop() {
      if (stopped) return;
      stopped = true;
      await runStops();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
