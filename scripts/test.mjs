#!/usr/bin/env node
// The README's test command. Checks the Debian packages the tests need (installs them when run as root,
// otherwise prints the one apt-get line), runs every uvu test file under test/ in shards (one per top-level
// folder, two at a time on two cores), and ends with the line CI reads: "N passed, N failed".
// Usage: npm test [-- <regex on test file path>]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filter = process.argv[2] ? new RegExp(process.argv[2]) : null;

// Debian packages: [package, how to tell it is there].
const debianNeeds = [
  ['socat', () => existsSync('/usr/bin/socat')],
  ['chromium', () => existsSync('/usr/bin/chromium')],
  ['udev', () => existsSync('/usr/bin/udevadm') || existsSync('/bin/udevadm')],
  ['libusb-1.0-0', () => /libusb-1\.0\.so/.test(spawnSync('ldconfig', ['-p'], { encoding: 'utf8' }).stdout ?? '')],
  ['systemd', () => existsSync('/usr/bin/systemd-analyze') || existsSync('/bin/systemd-analyze')],
  // cage and curl: the kiosk browser unit's executables, so `systemd-analyze verify` can check it.
  ['cage', () => existsSync('/usr/bin/cage')],
  ['curl', () => existsSync('/usr/bin/curl')],
];

function ensureDebianPackages() {
  const missing = debianNeeds.filter(([, present]) => !present()).map(([name]) => name);
  if (missing.length === 0) return;
  const line = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    console.error(`The tests need Debian packages that are not installed. Run:\n  sudo apt-get update && sudo ${line}`);
    process.exit(1);
  }
  console.log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const cmd of ['apt-get update -qq', line]) {
    const r = spawnSync('sh', ['-c', cmd], { stdio: 'inherit', env });
    if (r.status !== 0) {
      console.error(`"${cmd}" failed (exit ${r.status})`);
      process.exit(1);
    }
  }
}

function testFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...testFiles(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const ansi = /\x1b\[[0-9;]*m/g;

/** Runs one shard (a folder under test/) in its own uvu process and returns its counts. */
function runShard(shard, files) {
  return new Promise((resolve) => {
    const pattern = files
      .map((f) => f.slice(join(root, 'test').length + 1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('|');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'node_modules/uvu/bin.js'), 'test', `^(${pattern})$`],
      {
        cwd: root,
        env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', SELFCHECK_TEST: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let graceTimer;
    const onData = (stream) => (chunk) => {
      const text = chunk.toString();
      out += text;
      stream.write(text);
      // uvu does not exit by itself when a test leaks a handle: give it a moment after the summary.
      if (!graceTimer && /Duration:/.test(out))
        graceTimer = setTimeout(() => {
          console.error(`[${shard}] still running 5 s after its summary: a test left a handle open; stopping it`);
          child.kill('SIGKILL');
        }, 5000);
    };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    const hardLimit = setTimeout(() => {
      console.error(`[${shard}] exceeded 25 minutes; stopping it`);
      child.kill('SIGKILL');
    }, 25 * 60_000);
    child.on('close', (code) => {
      clearTimeout(hardLimit);
      clearTimeout(graceTimer);
      const plain = out.replace(ansi, '');
      const num = (label) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(plain)?.[1] ?? NaN);
      const total = num('Total');
      const passed = num('Passed');
      const skipped = num('Skipped') || 0;
      if (Number.isNaN(total) || Number.isNaN(passed)) {
        console.error(`[${shard}] ended (exit ${code}) without a summary: counted as one failure`);
        resolve({ shard, passed: 0, failed: 1, skipped: 0 });
        return;
      }
      // uvu counts a suite that threw outside a test as a failure only through its exit code.
      const failed = Math.max(total - passed - skipped, code !== 0 && total === passed + skipped ? 1 : 0);
      resolve({ shard, passed, failed, skipped });
    });
  });
}

ensureDebianPackages();
const all = testFiles(join(root, 'test')).filter((f) => !filter || filter.test(f));
const shards = new Map();
for (const f of all) {
  const top = f.slice(join(root, 'test').length + 1).split('/')[0];
  const key = top.endsWith('.test.ts') ? '(root)' : top;
  shards.set(key, [...(shards.get(key) ?? []), f]);
}
// e2e drives Chromium and a whole service: run it alone, last.
const order = [...shards.keys()].sort((a, b) => (a === 'e2e') - (b === 'e2e') || a.localeCompare(b));
const results = [];
const parallel = order.filter((s) => s !== 'e2e');
let next = 0;
async function worker() {
  while (next < parallel.length) {
    const shard = parallel[next++];
    results.push(await runShard(shard, shards.get(shard)));
  }
}
await Promise.all([worker(), worker()]);
if (shards.has('e2e')) results.push(await runShard('e2e', shards.get('e2e')));

const sum = (k) => results.reduce((n, r) => n + r[k], 0);
console.log('');
for (const r of results.sort((a, b) => a.shard.localeCompare(b.shard)))
  console.log(
    `  ${r.shard.padEnd(12)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`,
  );
const passed = sum('passed');
const failed = sum('failed');
if (all.length === 0) console.error('no test files matched');
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || all.length === 0 ? 1 : 0);
