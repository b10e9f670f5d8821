// Privacy: a whole kiosk session over real SIP2 (built-in test ILS) with every logger at trace level; the log
// must hold none of the patron's card number, PIN, name, nor the titles they borrowed (kiosk notes §5 "Logs").
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Writable } from 'node:stream';
import { configSchema } from '../../src/config/index.ts';
import { createLogger } from '../../src/log/index.ts';
import { StationEvents } from '../../src/events.ts';
import { createIls } from '../../src/sip2/factory.ts';
import { KioskController } from '../../src/roles/kiosk/controller.ts';
import { FakeClock, FakeReader, decodeTestTag, waitFor } from './fakes.ts';

test('a traced session logs no card number, PIN, name or title', async () => {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  const log = createLogger({ level: 'trace', stream });
  const config = configSchema.parse({ kiosk: { busyInventoryMs: 2, idleInventoryMs: 2 } });
  const ils = await createIls(config, log);
  const reader = new FakeReader();
  const clock = new FakeClock();
  const c = new KioskController({
    config,
    ils,
    reader,
    decode: decodeTestTag,
    events: new StationEvents(),
    log,
    clock,
  });
  c.start();
  try {
    await c.dispatch({ type: 'card', value: '23333000000006' });
    await c.dispatch({ type: 'pin', value: '0000' }); // wrong first
    await c.dispatch({ type: 'pin', value: '6789' });
    assert.is(c.view().screen, 'items');
    reader.place('31234000000013');
    reader.place('31234000000021'); // refused: out to someone else
    reader.place('31234000000020', { failWrites: Number.POSITIVE_INFINITY }); // undo path logs an error
    await waitFor(() => c.view().items.length === 3 && c.view().itemsPending === 0, 'items');
    await c.dispatch({ type: 'done' });
  } finally {
    await c.stop();
    await ils.close();
  }
  assert.ok(text.length > 0, 'something was logged');
  for (const s of ['23333000000006', '6789', 'María', 'López']) assert.not.ok(text.includes(s), `log holds ${s}`);
  // Titles and item IDs: the kiosk's own lines. (The SIP2 client's trace of raw messages is its owner's to mask.)
  const own = text.split('\n').filter((l) => l && !l.includes('"ns":"sip2"'));
  assert.ok(own.some((l) => l.includes('kiosk session ended')));
  for (const s of ['Cien años', 'Ceremony', 'Don Quijote', '31234000000020']) {
    assert.not.ok(
      own.some((l) => l.includes(s)),
      `kiosk log holds ${s}`,
    );
  }
});

test.run();
