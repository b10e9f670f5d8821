/** `selfcheck reader` end to end on the simulator (child processes, each awaited to exit). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const env = { ...process.env };
  delete env['SELFCHECK_CONFIG'];
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'reader', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('scan --driver sim --once: one JSON line per tag with security state, then the round summary', () => {
  const r = cli('scan', '--driver', 'sim', '--once', '--tags', '3');
  assert.is(r.code, 0, r.err);
  const lines = r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.is(lines.length, 4);
  for (const l of lines.slice(0, 3)) {
    assert.match(String(l['uid']), /^E004[0-9A-F]{12}$/);
    assert.is(l['afi'], 0x07);
    assert.is(l['secured'], true);
    assert.is(l['blocks'], '28x4');
  }
  assert.equal(lines[3], { ...lines[3], round: 'done', tags: 3 });
  const filtered = cli('scan', '--driver', 'sim', '--once', '--tags', '3', '--afi', '194');
  assert.equal(JSON.parse(filtered.out.trim()), { ...JSON.parse(filtered.out.trim()), round: 'done', tags: 0 });
});

test('info, list, and usage errors (exit 2)', () => {
  const info = cli('info', '--driver', 'sim');
  assert.is(info.code, 0, info.err);
  assert.is((JSON.parse(info.out) as { driver: string }).driver, 'sim');
  const list = cli('list');
  assert.is(list.code, 0, list.err);
  const [serial, hid] = list.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.ok(Array.isArray(serial?.['serial']));
  assert.ok(Array.isArray(hid?.['hid']));
  assert.is(cli('scan', '--driver', 'feig').code, 2);
  assert.is(cli('scan', '--driver', 'nope', '--once').code, 2);
  assert.is(cli('bogus').code, 2);
  assert.is(cli('scan', '--afi', '300', '--once').code, 2);
});

test.run();
