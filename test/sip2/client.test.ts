// The client against the built-in server over real TCP, with faults (issue 2's list).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startPair, until } from '../helpers/sip2.ts';
import { isSip2Error } from '../../src/sip2/ils.ts';

test('login, status, and a checkout over TCP', async () => {
  const p = await startPair();
  await p.ils.start();
  assert.ok(p.ils.online);
  assert.is(p.ils.acsStatus?.offlineOk, true);
  const r = await p.ils.checkout('23333000000001', '31234000000011', { pin: '1234' });
  assert.ok(r.ok);
  assert.is(r.title, 'The Very Hungry Caterpillar');
  assert.ok(r.dueDateParsed instanceof Date);
  assert.equal(p.server.received.slice(0, 3), ['93', '99', '11']);
  await p.close();
});

test('a wrong login password is refused and the client stays offline', async () => {
  const p = await startPair({}, { login: { user: 'kiosk', password: 'wrong', location: 'K' } });
  await p.client.connect().then(
    () => assert.unreachable('should fail'),
    (e: unknown) => assert.ok(isSip2Error(e, 'login_failed')),
  );
  assert.not.ok(p.ils.online);
  await p.close();
});

test('a response split over many TCP chunks is reassembled', async () => {
  const p = await startPair();
  await p.ils.start();
  p.server.faults.splitIntoChunks = 25;
  const r = await p.ils.itemInfo('31234000000014');
  assert.is(r.title, 'Desert Solitaire');
  await p.close();
});

test('a bad checksum is answered with 97 and the resend is accepted', async () => {
  const p = await startPair();
  await p.ils.start();
  p.server.faults.badChecksum = true;
  const r = await p.ils.patronStatus('23333000000001', '1234');
  assert.ok(r.valid);
  assert.ok(p.server.received.includes('97'));
  await p.close();
});

test('garbage is answered with 97 too', async () => {
  const p = await startPair();
  await p.ils.start();
  p.server.faults.garbage = true;
  assert.ok((await p.ils.itemInfo('31234000000011')).title);
  await p.close();
});

test('a delay past the timeout fails that request, then the client reconnects', async () => {
  const p = await startPair();
  await p.ils.start();
  let offline = 0;
  p.ils.on('offline', () => offline++);
  p.server.faults.delayMs = 700;
  await p.ils.itemInfo('31234000000011').then(
    () => assert.unreachable(),
    (e: unknown) => assert.ok(isSip2Error(e, 'timeout'), String(e)),
  );
  await until(() => p.ils.online && offline === 1);
  assert.ok((await p.ils.itemInfo('31234000000011')).title);
  await p.close();
});

test('the server closing mid-response: the request fails as closed, the client logs in again', async () => {
  const p = await startPair();
  await p.ils.start();
  p.server.faults.closeMidResponse = true;
  await p.ils.itemInfo('31234000000011').then(
    () => assert.unreachable(),
    (e: unknown) => assert.ok(isSip2Error(e, 'closed'), String(e)),
  );
  await until(() => p.ils.online);
  assert.is(p.server.received.filter((c) => c === '93').length, 2);
  await p.close();
});

test('the server restarting: offline while down (requests refused at once), online again after', async () => {
  const p = await startPair();
  await p.ils.start();
  const events: string[] = [];
  p.ils.on('offline', () => events.push('offline')).on('online', () => events.push('online'));
  await p.server.close();
  await until(() => !p.ils.online);
  await p.ils.itemInfo('31234000000011').then(
    () => assert.unreachable(),
    (e: unknown) => assert.ok(isSip2Error(e, 'offline')),
  );
  await p.server.listen(p.server.port);
  await until(() => p.ils.online);
  assert.equal(events, ['offline', 'online']);
  await p.close();
});

test('one request in flight: concurrent calls are queued and each gets its own answer', async () => {
  const p = await startPair({ latencyMs: 5 });
  await p.ils.start();
  const ids = ['31234000000011', '31234000000012', '31234000000013', '31234000000014', '31234000000015'];
  const out = await Promise.all(ids.map((id) => p.ils.itemInfo(id)));
  assert.equal(
    out.map((o) => o.itemId),
    ids,
  );
  await p.close();
});

test('checkin of an item on hold for someone else reports routing but never who', async () => {
  const p = await startPair();
  await p.ils.start();
  const r = await p.ils.checkin('31234000000022');
  assert.ok(r.alert && r.holdForPatron);
  assert.not.ok(JSON.stringify(r).includes('23333000000002'));
  assert.not.ok(JSON.stringify(r).includes('John'));
  await p.close();
});

test.run();
