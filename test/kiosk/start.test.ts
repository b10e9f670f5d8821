// The kiosk role's start(rt): builds the controller from a Runtime, registers it for the HTTP routes, and
// its stop hook ends the session and unregisters it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import express from 'express';
import { tmpdir } from 'node:os';
import { configSchema } from '../../src/config/index.ts';
import { silentLogger } from '../../src/log/index.ts';
import { StationEvents } from '../../src/events.ts';
import type { Runtime } from '../../src/runtime.ts';
import { getKioskController, startKiosk } from '../../src/roles/kiosk/start.ts';
import { FakeIls } from './fake-ils.ts';
import { FakeReader, decodeTestTag } from './fakes.ts';

test('start registers the controller; the stop hook ends the session and unregisters it', async () => {
  const stops: Array<() => Promise<void> | void> = [];
  const ils = new FakeIls();
  let opened = 0;
  const rt: Runtime = {
    config: configSchema.parse({}),
    log: silentLogger,
    dataDir: tmpdir(),
    ils,
    openReader: async () => {
      opened++;
      return new FakeReader();
    },
    events: new StationEvents(),
    app: express(),
    onStop: (fn) => void stops.push(fn),
  };
  const c = await startKiosk(rt, { decode: decodeTestTag });
  assert.is(getKioskController(), c);
  assert.is(opened, 1);
  await c.dispatch({ type: 'card', value: '23333000000001' });
  await c.dispatch({ type: 'pin', value: '1234' });
  assert.is(c.view().screen, 'items');
  for (const fn of stops.reverse()) await fn();
  assert.is(getKioskController(), undefined);
  assert.is(c.view().screen, 'attract');
  assert.is(ils.calls.at(-1), 'endSession');
});

test.run();
