/**
 * `selfcheck offline keygen [--out DIR]`: makes the library's X25519 key pair (public key for the stations,
 *   private key for the staff machine only).
 * `selfcheck offline status`: depth and oldest age of the station's queue (no contents: the station cannot read them).
 * `selfcheck offline recover --key FILE [--dir DIR] [--format json|sip2]`: on a staff machine, opens the sealed entries
 *   copied from a station and prints what to forward (JSON lines, or SIP2 11 messages with no-block Y).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError, type CommandMain } from './context.ts';
import { generateLibraryKeyPair, loadPrivateKey, ProcessKey, loadPublicKey } from '../offline/seal.ts';
import { OfflineQueue, readQueueDir, recoverEntry } from '../offline/queue.ts';
import { formatSip2Checkout } from '../offline/sip2-export.ts';

export const main: CommandMain = async (argv, ctx) => {
  const [sub, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      out: { type: 'string' },
      key: { type: 'string' },
      dir: { type: 'string' },
      format: { type: 'string', default: 'json' },
      force: { type: 'boolean', default: false },
    },
    strict: true,
  });
  switch (sub) {
    case 'keygen': {
      const dir = resolve(values.out ?? '.');
      const pub = join(dir, 'offline-public.pem');
      const priv = join(dir, 'offline-private.pem');
      if (!values.force && (existsSync(pub) || existsSync(priv)))
        throw new UsageError(`${dir} already holds a key pair (--force to replace)`);
      const pair = generateLibraryKeyPair();
      writeFileSync(pub, pair.publicPem, { mode: 0o644 });
      writeFileSync(priv, pair.privatePem, { mode: 0o600 });
      ctx.out(`public key (copy to each station, config offline.publicKeyFile): ${pub}`);
      ctx.out(`private key (keep on the staff machine only, never on a station): ${priv}`);
      return 0;
    }
    case 'status': {
      const cfg = ctx.config();
      if (!cfg.offline.publicKeyFile) throw new UsageError('offline.publicKeyFile is not configured');
      const queue = new OfflineQueue(
        cfg.general.dataDir,
        new ProcessKey(),
        loadPublicKey(readFileSync(cfg.offline.publicKeyFile, 'utf8')),
      );
      const { entries, corrupt } = queue.list();
      const d = queue.depth();
      ctx.out(
        JSON.stringify({
          depth: d.depth,
          oldestAgeSeconds: d.oldestAgeSeconds,
          refused: entries.filter((e) => e.state === 'refused').length,
          corrupt: corrupt.length,
        }),
      );
      return 0;
    }
    case 'recover': {
      if (!values.key) throw new UsageError('recover needs --key FILE (the library private key)');
      if (values.format !== 'json' && values.format !== 'sip2') throw new UsageError('--format must be json or sip2');
      const privateKey = loadPrivateKey(readFileSync(values.key, 'utf8'));
      const dir = resolve(values.dir ?? join(ctx.config().general.dataDir, 'offline'));
      const { entries, corrupt } = readQueueDir(dir);
      let failed = 0;
      for (const entry of entries) {
        try {
          const tx = recoverEntry(privateKey, entry);
          ctx.out(values.format === 'sip2' ? formatSip2Checkout(tx) : JSON.stringify({ ...tx, state: entry.state }));
        } catch (err) {
          failed++;
          ctx.err(`${entry.txId}: ${(err as Error).message}`);
        }
      }
      for (const name of corrupt) ctx.err(`${name}: not a readable offline entry`);
      return failed || corrupt.length ? 1 : 0;
    }
    default:
      throw new UsageError(
        'usage: selfcheck offline keygen [--out DIR] | status | recover --key FILE [--dir DIR] [--format json|sip2]',
      );
  }
};
