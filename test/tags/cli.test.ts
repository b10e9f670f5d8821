/** `selfcheck tag decode|encode` end to end (child processes, each awaited to exit). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const env = { ...process.env };
  delete env['SELFCHECK_CONFIG'];
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'tag', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const E1 = '11 01 01 31 31 32 32 33 33 34 34 00 00 00 00 00 00 00 00 51 3E 44 45 37 30 35 00 00 00 00 00 00';

test('decode vector E1 (auto) prints the item as JSON', () => {
  const r = cli('decode', E1);
  assert.is(r.code, 0, r.err);
  assert.equal(JSON.parse(r.out), {
    model: '28560-3',
    primaryItemId: '11223344',
    ownerLibrary: 'DE-705',
    partsInItem: 1,
    partNumber: 1,
    typeOfUsage: 1,
    version: 1,
  });
});

test('encode 28560-2 then decode it with --model: every element comes back', () => {
  const enc = cli(
    'encode',
    '--model',
    '28560-2',
    '--item',
    '23333000000001',
    '--isil',
    'US-NmCa',
    '--parts',
    '2',
    '--part',
    '2',
  );
  assert.is(enc.code, 0, enc.err);
  assert.match(enc.out.trim(), /^([0-9A-F]{8})+$/);
  const dec = cli('decode', enc.out.trim(), '--model', '28560-2');
  assert.is(dec.code, 0, dec.err);
  const j = JSON.parse(dec.out) as Record<string, unknown>;
  assert.equal(
    [j['model'], j['primaryItemId'], j['ownerLibrary'], j['partsInItem'], j['partNumber'], j['typeOfUsage']],
    ['28560-2', '23333000000001', 'US-NmCa', 2, 2, 1],
  );
  assert.equal(j['contentParameter'], [3, 4, 5]);
});

test('encode 28560-3 reproduces vector E1', () => {
  const r = cli('encode', '--model', '28560-3', '--item', '11223344', '--isil', 'DE-705');
  assert.is(r.code, 0, r.err);
  assert.is(r.out.trim(), E1.replace(/ /g, ''));
});

test('garbage: not hex, undecodable bytes, blank, refused items → one-line error, exit 1; usage → exit 2', () => {
  for (const args of [
    ['decode', 'xyz'],
    ['decode', '123'],
    ['decode', '0102030405060708'],
    ['decode', '00000000'],
    ['decode', E1, '--model', 'rfid501'],
    ['encode', '--model', '28560-2', '--item', 'not an id'],
    ['encode', '--model', '28560-3', '--item', '1', '--usage', '8'],
  ]) {
    const r = cli(...args);
    assert.is(r.code, 1, `${args.join(' ')}: ${r.err}`);
    assert.is(r.out, '');
    assert.match(r.err, /^selfcheck: .+\n$/);
  }
  for (const args of [
    ['decode'],
    ['frob'],
    ['encode', '--model', 'rfid501', '--item', '1'],
    ['decode', E1, '--model', 'x'],
  ]) {
    assert.is(cli(...args).code, 2, args.join(' '));
  }
});

test.run();
