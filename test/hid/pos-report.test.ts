// HID-POS scanned data reports (Bar Code Scanner page 0x8C, report 0x12) and the card reader over a fake node-hid.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EventEmitter } from 'node:events';
import { ScanAssembler, HidReportError } from '../../drivers/hid/pos-report.ts';
import { openCardReader, pickDevice, type HidApi, type HidHandle } from '../../drivers/hid/index.ts';
import { silentLogger } from '../../src/log/index.ts';

/** A 64-byte report as Honeywell/Zebra scanners send it: id 2, length, AIM id, data, continued flag last. */
function report(data: string, { aim = ']C0', continued = false } = {}): Buffer {
  const r = Buffer.alloc(64);
  r[0] = 0x02;
  r[1] = data.length;
  Buffer.from(aim, 'latin1').copy(r, 2);
  Buffer.from(data, 'latin1').copy(r, 5);
  r[63] = continued ? 1 : 0;
  return r;
}

test('one report gives the card number and the symbology', () => {
  const a = new ScanAssembler();
  assert.equal(a.push(report('23333000000001')), { text: '23333000000001', symbology: ']C0' });
});

test('a scan continued over reports is joined; trailing CR/LF and an AIM prefix in the data are removed', () => {
  const a = new ScanAssembler();
  assert.is(a.push(report(']C0' + 'A'.repeat(55), { continued: true })), undefined);
  assert.equal(a.push(report('BC\r\n')), { text: 'A'.repeat(55) + 'BC', symbology: ']C0' });
});

test('reports without a report id byte are accepted when configured', () => {
  const a = new ScanAssembler(false);
  assert.is(a.push(report('12345').subarray(1))?.text, '12345');
});

test('other report ids are ignored; malformed reports are typed errors and do not poison the next scan', () => {
  const a = new ScanAssembler();
  const status = report('x');
  status[0] = 0x04;
  assert.is(a.push(status), undefined);
  const bad = report('x');
  bad[1] = 200;
  assert.throws(
    () => a.push(bad),
    (e: unknown) => e instanceof HidReportError && e.code === 'bad_length',
  );
  assert.throws(
    () => a.push(Buffer.from([2, 1])),
    (e: unknown) => e instanceof HidReportError,
  );
  assert.throws(
    () => a.push(report('\x01\x02')),
    (e: unknown) => e instanceof HidReportError && e.code === 'not_text',
  );
  for (let i = 0; i < 2; i++) a.push(report('A'.repeat(56), { continued: true }));
  assert.throws(
    () => a.push(report('A'.repeat(56), { continued: true })),
    (e: unknown) => (e as HidReportError).code === 'too_long',
  );
  assert.is(a.push(report('42'))?.text, '42');
});

test('random reports never throw anything but typed errors', () => {
  const a = new ScanAssembler();
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
  for (let i = 0; i < 20_000; i++) {
    const r = Buffer.from(Array.from({ length: rnd() % 70 }, rnd));
    if (i % 3 === 0 && r.length > 0) r[0] = 2;
    try {
      a.push(r);
    } catch (e) {
      assert.ok(e instanceof HidReportError, String(e));
    }
  }
});

test('device choice: explicit path, vendor/product, else the bar code scanner usage page', () => {
  const devs = [
    { path: '/dev/hidraw0', vendorId: 0x046d, productId: 0xc52b, usagePage: 1 },
    { path: '/dev/hidraw1', vendorId: 0x0c2e, productId: 0x0b61, usagePage: 0x8c },
  ];
  assert.is(pickDevice(devs, {}).path, '/dev/hidraw1');
  assert.is(pickDevice(devs, { vendorId: 0x046d }).path, '/dev/hidraw0');
  assert.is(pickDevice(devs, { path: '/dev/hidraw0' }).path, '/dev/hidraw0');
  assert.throws(() => pickDevice(devs, { vendorId: 1 }), /no HID-POS card reader/);
});

test('openCardReader emits cards from the device and an error when it goes away', async () => {
  const dev = new EventEmitter() as EventEmitter & HidHandle;
  let closed = false;
  dev.close = async () => {
    closed = true;
  };
  const hid: HidApi = {
    devicesAsync: async () => [{ path: '/dev/hidraw3', vendorId: 1, productId: 2, usagePage: 0x8c }],
    HIDAsync: {
      open: async (p) => {
        assert.is(p, '/dev/hidraw3');
        return dev;
      },
    },
  };
  const r = await openCardReader({ log: silentLogger, hid });
  const cards: string[] = [];
  const errors: unknown[] = [];
  r.on('card', (c: string) => cards.push(c));
  r.on('error', (e: unknown) => errors.push(e));
  dev.emit('data', report('23333000000002'));
  dev.emit('error', new Error('could not read from HID device'));
  assert.equal(cards, ['23333000000002']);
  assert.is((errors[0] as { code: string }).code, 'reader_gone');
  await r.close();
  assert.ok(closed);
});

test.run();
