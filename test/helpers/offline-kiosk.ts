/**
 * The real service with the kiosk role over real SIP2 to a separate test ILS (or anything listening on `ilsPort`),
 * the sim reader with the kiosk tests' tag codec, and offline checkout enabled with a fresh library public key:
 * the set-up the offline, staff and e2e tests share. Files go in `dir` (password, public key, data/, station.log).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseConfig, type Config } from '../../src/config/index.ts';
import { startService, type RunningService } from '../../src/service.ts';
import { startKiosk } from '../../src/roles/kiosk/start.ts';
import { generateLibraryKeyPair } from '../../src/offline/seal.ts';
import { decodeTestTag, encodeTestTag } from '../kiosk/fakes.ts';

export interface OfflineKioskOptions {
  dir: string;
  ilsPort: number;
  /** The SIP2 login password the ILS expects (user 'selfcheck'). */
  ilsPassword: string;
  /** The library key pair's public half; a fresh pair when absent. */
  publicPem?: string;
  requestMs?: number;
  /** Log to `dir/station.log` at this level; 'silent' writes no log. */
  logLevel?: 'silent' | 'debug' | 'info';
  kiosk?: Record<string, unknown>;
  /** Merged over { enabled, publicKeyFile, withoutPin: 'cardOnly' }. */
  offline?: Record<string, unknown>;
  /** Last word on the parsed config (e.g. staff users). */
  adjust?: (c: Config) => Config | Promise<Config>;
}

export async function startOfflineKiosk(o: OfflineKioskOptions): Promise<RunningService> {
  await writeFile(path.join(o.dir, 'sip2.pw'), o.ilsPassword, { mode: 0o600 });
  const publicKeyFile = path.join(o.dir, 'offline-public.pem');
  await writeFile(publicKeyFile, o.publicPem ?? generateLibraryKeyPair().publicPem);
  const level = o.logLevel ?? 'silent';
  const parsed = parseConfig({
    general: { dataDir: path.join(o.dir, 'data') },
    http: { port: 0 },
    log: level === 'silent' ? { level } : { file: path.join(o.dir, 'station.log'), level },
    sip2: {
      mode: 'remote',
      host: '127.0.0.1',
      port: o.ilsPort,
      passwordFile: path.join(o.dir, 'sip2.pw'),
      encoding: 'utf8',
      timeouts: { connectMs: 500, requestMs: o.requestMs ?? 1000, reconnectMinMs: 50, reconnectMaxMs: 200 },
    },
    ...(o.kiosk ? { kiosk: o.kiosk } : {}),
    offline: { enabled: true, publicKeyFile, withoutPin: 'cardOnly', ...o.offline },
  });
  const config = o.adjust ? await o.adjust(parsed) : parsed;
  return startService(config, {
    roleStart: async (rt) => {
      await startKiosk(rt, { decode: decodeTestTag });
    },
    tagContent: (item) => encodeTestTag(item.primaryItemId, item.partNumber ?? 1, item.partsInItem ?? 1),
  });
}
