/** The gate role started by the service (general.role = gate): backend reported, status page and data served. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../src/config/index.ts';
import { startService, type RunningService } from '../../src/service.ts';
import { getGateController } from '../../src/roles/gate/start.ts';
import { tag } from './helpers.ts';

test('role gate: /api/gate/status, gate.html, an alarm from a tag placed on the sim field', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'selfcheck-gate-'));
  let svc: RunningService | undefined;
  try {
    const config = parseConfig({
      general: { dataDir: path.join(dir, 'data'), role: 'gate' },
      http: { port: 0 },
      log: { level: 'silent' },
      reader: { antennas: [1, 2] },
      gate: { alarmHoldMs: 200 },
    });
    svc = await startService(config);
    const status = (await (await fetch(new URL('/api/gate/status', svc.url))).json()) as {
      alarm: { state: string };
      antennas: number[];
      gpio: string;
    };
    assert.equal([status.alarm.state, status.antennas, status.gpio], ['idle', [1, 2], 'sim']);
    const page = await fetch(new URL('/gate.html', svc.url));
    assert.is(page.status, 200);
    assert.match(await page.text(), '/js/gate.js');
    svc.simField!.addTag(tag(0x07, { antenna: 2 }));
    const gate = getGateController()!;
    const t0 = Date.now();
    while (gate.status().alarm.state !== 'alarm' && Date.now() - t0 < 2000) await new Promise((r) => setTimeout(r, 5));
    assert.is(gate.status().alarm.state, 'alarm');
  } finally {
    await svc?.stop();
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
