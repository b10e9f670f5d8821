/**
 * `selfcheck staff hash`: reads a password from standard input (not from the command line, which shells keep in
 * history) and prints its argon2id hash for config staff.users.
 */
import { hash } from '@node-rs/argon2';
import { UsageError, type CommandMain } from './context.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export const main: CommandMain = async (argv, ctx) => {
  if (argv[0] !== 'hash') throw new UsageError('usage: echo -n PASSWORD | selfcheck staff hash');
  const password = await readStdin();
  if (password.length < 8) throw new UsageError('staff passwords must have at least 8 characters');
  // argon2id with the library's defaults (m=19456 KiB, t=2, p=1: the OWASP minimum), fast enough on a Pi.
  ctx.out(await hash(password));
  return 0;
};
