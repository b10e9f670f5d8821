// The kiosk's ILS waits for offline forwarding (src/offline/ils-gate.ts + QueueOffline.beforeIls): requests go after
// a pass in progress, a pass is started when entries of this run wait and no 'online' event started one, and a stuck
// pass holds the kiosk at most offline.forwardWaitSeconds (then the kiosk goes ahead; the case is counted).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/index.ts';
import { silentLogger } from '../../src/log/index.ts';
import { generateLibraryKeyPair, loadPublicKey, ProcessKey } from '../../src/offline/seal.ts';
import { OfflineQueue } from '../../src/offline/queue.ts';
import { gateIls } from '../../src/offline/ils-gate.ts';
import { getOfflineDesk } from '../../src/offline/desk.ts';
import { QueueOffline } from '../../src/roles/kiosk/offline.ts';
import type { CheckoutOptions, Ils } from '../../src/sip2/ils.ts';

const pub = loadPublicKey(generateLibraryKeyPair().publicPem);
const PATRON = '23333000000001';

/** A fake ILS that logs each request in arrival order; forwarded (no-block) checkouts can hang. */
function fakeIls(o: { hangNoBlock?: boolean } = {}) {
  const log: string[] = [];
  const ils = Object.assign(new EventEmitter(), {
    online: false,
    acsStatus: { offlineOk: true },
    checkout(_p: string, itemId: string, opts?: CheckoutOptions) {
      log.push(`11 ${itemId}${opts?.noBlock ? ' noblock' : ''}`);
      if (opts?.noBlock && o.hangNoBlock) return new Promise(() => {});
      return Promise.resolve({ ok: true, screenMessages: [] });
    },
    patronInfo() {
      log.push('63');
      return Promise.resolve({ valid: true });
    },
    itemInfo() {
      return Promise.resolve({ circulationStatus: '03' });
    },
    endSession() {
      log.push('35');
      return Promise.resolve(true);
    },
  });
  return { ils, as: ils as unknown as Ils, log };
}

function kioskOffline(ils: Ils, forwardWaitSeconds = 5) {
  const config = parseConfig({ offline: { enabled: true, forwardWaitSeconds } });
  const queue = new OfflineQueue(mkdtempSync(join(tmpdir(), 'gate-')), new ProcessKey(), pub);
  const off = new QueueOffline({ config, ils, log: silentLogger, queue, retryMs: 60_000 });
  return { off, queue, gated: gateIls(ils, () => off.beforeIls()) };
}

/** An offline checkout whose tag was unsecured: recorded, then committed (the pipeline's order). */
function recorded(off: QueueOffline, item: string, at: number): void {
  off.commit(off.record(PATRON, item, at));
}

test('a request waits for the pass the ILS coming back started', async () => {
  const f = fakeIls();
  const { off, queue, gated } = kioskOffline(f.as);
  assert.ok(off.available(), 'offline checkout possible while the ILS is down');
  recorded(off, 'A', Date.now());
  recorded(off, 'B', Date.now() + 1);
  f.ils.online = true;
  f.ils.emit('online');
  await gated.patronInfo(PATRON);
  await gated.checkout(PATRON, 'C');
  await gated.endSession(PATRON);
  assert.equal(f.log, ['11 A noblock', '11 B noblock', '63', '11 C', '35']);
  assert.is(queue.list().entries.length, 0);
  assert.is(off.waitStats.timeouts, 0);
  off.close();
});

test('without an online event, the first request starts the pass and waits for it', async () => {
  const f = fakeIls();
  const { off, gated } = kioskOffline(f.as);
  recorded(off, 'A', Date.now());
  f.ils.online = true; // the kiosk learned it from a reply, not from the event
  await gated.checkout(PATRON, 'C');
  assert.equal(f.log, ['11 A noblock', '11 C']);
  // Nothing of this run waits any more: the next request goes straight through.
  await gated.checkout(PATRON, 'D');
  assert.equal(f.log.slice(2), ['11 D']);
  assert.is(off.waitStats.waits, 1);
  off.close();
});

test('a stuck pass holds the kiosk at most forwardWaitSeconds, then it goes ahead and the case is counted', async () => {
  const f = fakeIls({ hangNoBlock: true });
  const { off, gated } = kioskOffline(f.as, 1);
  recorded(off, 'A', Date.now());
  f.ils.online = true;
  f.ils.emit('online');
  const t0 = Date.now();
  await gated.patronInfo(PATRON);
  const waited = Date.now() - t0;
  assert.ok(waited >= 950 && waited < 3000, `waited ${waited} ms`);
  assert.equal(f.log, ['11 A noblock', '63']);
  assert.is(off.waitStats.timeouts, 1);
  assert.ok(off.forwarder.busy, 'the pass is still running');
  assert.is(getOfflineDesk()?.view().forwardWaitTimeouts, 1, 'the staff page shows it');
  off.close();
  assert.is(getOfflineDesk(), undefined, 'closing unregisters the desk');
});

test('state and events pass through the gate untouched', () => {
  const f = fakeIls();
  const gated = gateIls(f.as, () => Promise.resolve());
  let seen = 0;
  gated.on('online', () => seen++);
  f.ils.emit('online');
  assert.is(seen, 1);
  assert.is(gated.online, false);
  assert.is(gated.acsStatus?.offlineOk, true);
  assert.is(gateIls(f.as, undefined), f.as, 'no gate when offline checkout is off');
});

test.run();
