import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig } from '../../src/config/index.ts';

test('defaults run a kiosk on the simulator and the built-in ILS', () => {
  const cfg = loadConfig({ env: {} });
  assert.is(cfg.general.role, 'kiosk');
  assert.is(cfg.reader.driver, 'sim');
  assert.is(cfg.sip2.mode, 'builtin');
});
test.run();
