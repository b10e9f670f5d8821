// CI checks of the deployment units: systemd-analyze verify, and the security score of the service (<= 1.6).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const unitDir = new URL('../../systemd/', import.meta.url).pathname;

test('selfcheck.service verifies and scores <= 1.6', () => {
  const unit = join(unitDir, 'selfcheck.service');
  const v = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
  assert.is(v.status, 0, v.stderr);
  assert.is(v.stderr.trim(), '', v.stderr);
  const s = spawnSync('systemd-analyze', ['security', '--offline=yes', '--threshold=16', unit], { encoding: 'utf8' });
  const score = Number(/Overall exposure level for .*?: ([0-9.]+)/.exec(s.stdout)?.[1]);
  assert.ok(score <= 1.6, `exposure ${score}`);
});

test('the kiosk browser template verifies as an instance', () => {
  const dir = mkdtempSync(join(tmpdir(), 'units-'));
  const inst = join(dir, 'selfcheck-kiosk@tty1.service');
  copyFileSync(join(unitDir, 'selfcheck-kiosk@.service'), inst);
  const v = spawnSync('systemd-analyze', ['verify', inst], { encoding: 'utf8' });
  assert.is(v.status, 0, v.stderr);
  assert.is(v.stderr.trim(), '', v.stderr);
  const text = readFileSync(inst, 'utf8');
  assert.match(text, /Restart=always/);
  assert.not.match(text, /--no-sandbox|--remote-debugging/);
});

test.run();
