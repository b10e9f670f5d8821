// ESC/POS receipt printer: byte-exact layout (Epson ESC/POS command reference, see drivers/printer/escpos.ts),
// over node-serialport's MockBinding (STYLE.md #3: mock the port) and over a USB device file (a temp file here).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPortMock } from 'serialport';
import { layoutReceipt, wrap } from '../../drivers/printer/escpos.ts';
import { EscPosPrinter, createPrinter } from '../../drivers/printer/printer.ts';
import { deviceFileTransport, serialTransport } from '../../drivers/printer/transport.ts';
import { buildReceipt } from '../../src/roles/kiosk/receipt.ts';
import type { Receipt } from '../../drivers/printer/types.ts';
import { isKioskError } from '../../src/roles/kiosk/actions.ts';

const receipt: Receipt = {
  header: ['Biblioteca'],
  items: [{ title: 'Cien años', due: '19 dic 2026' }],
  dueLabel: 'Vence',
  footer: ['¡Gracias!'],
};

// Expected bytes, annotated: PC850 puts ñ at 0xA4, ¡ at 0xAD.
const expected = [
  0x1b,
  0x40, // ESC @ initialize
  0x1b,
  0x74,
  0x02, // ESC t 2: PC850
  0x1b,
  0x61,
  0x01, // ESC a 1: centre
  0x1b,
  0x45,
  0x01, // ESC E 1: bold
  ...Buffer.from('Biblioteca'),
  0x0a,
  0x1b,
  0x45,
  0x00, // bold off
  0x1b,
  0x61,
  0x00, // left
  0x0a,
  ...Buffer.from('Cien a'),
  0xa4,
  ...Buffer.from('os'),
  0x0a,
  ...Buffer.from('  Vence: 19 dic 2026'),
  0x0a,
  0x0a,
  0x1b,
  0x61,
  0x01, // centre
  0xad,
  ...Buffer.from('Gracias!'),
  0x0a,
  0x1b,
  0x61,
  0x00, // left
  0x1b,
  0x64,
  0x03, // ESC d 3: feed 3 lines
  0x1d,
  0x56,
  0x42,
  0x00, // GS V 66 0: partial cut
];

test('layout is byte-exact, with PC850 for Spanish', () => {
  assert.equal([...layoutReceipt(receipt, 42)], expected);
});

test('wrap: titles fit the paper width, long words split, control bytes never reach the printer', () => {
  assert.equal(wrap('The Very Hungry Caterpillar', 12), ['The Very', 'Hungry', 'Caterpillar']);
  assert.equal(wrap('ABCDEFGHIJ', 4), ['ABCD', 'EFGH', 'IJ']);
  const bytes = layoutReceipt(
    { header: [], items: [{ title: 'X\x1d\x56\x00Y', due: '' }], dueLabel: 'Due', footer: [] },
    42,
  );
  assert.not.ok(Buffer.from(bytes).includes(Buffer.from([0x1d, 0x56, 0x00])), 'an injected cut command is neutralised');
});

test('serial transport: the exact bytes reach the port (MockBinding recording)', async () => {
  SerialPortMock.binding.createPort('/dev/ttyPRN0', { record: true });
  let opened: SerialPortMock | undefined;
  // Capture the port the transport opens, to read the binding's recording (STYLE.md #3).
  const transport = await serialTransport('/dev/ttyPRN0', 9600, (o, cb) => (opened = new SerialPortMock(o, cb)));
  const printer = new EscPosPrinter(transport, 42);
  await printer.print(receipt);
  assert.equal([...(opened?.port?.recording ?? [])], expected);
  await printer.close();
  assert.is(opened?.isOpen, false);
  SerialPortMock.binding.reset();
});

test('serial transport: a port that does not exist is a typed printer error', async () => {
  const err = await serialTransport('/dev/ttyNOPE', 9600, (o, cb) => new SerialPortMock(o, cb)).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(isKioskError(err, 'printer'));
});

test('USB device-file transport writes the job; a missing device is a typed printer error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-printer-'));
  try {
    const dev = join(dir, 'lp0');
    writeFileSync(dev, '');
    await new EscPosPrinter(deviceFileTransport(dev), 42).print(receipt);
    assert.equal([...readFileSync(dev)], expected);
    const err = await deviceFileTransport(join(dir, 'nope', 'lp0'))
      .write(Uint8Array.of(1))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(isKioskError(err, 'printer'));
    assert.is(await createPrinter({ type: 'none', baudRate: 9600, width: 42 }), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the kiosk receipt: loans and renewals with locale dates, nothing about the patron', () => {
  const r = buildReceipt(
    [
      { key: 'r1', state: 'ok', action: 'checkout', title: 'Cosmos', dueDate: '2026-12-19T12:00:00.000Z' },
      { key: 'r2', state: 'ok', action: 'renewal', title: 'Ceremony', dueDateText: '12/19/2026' },
      { key: 'r3', state: 'refused', action: 'checkout', title: 'Not this one' },
    ],
    'es',
    new Date('2026-11-28T12:00:00Z'),
  );
  assert.equal(r.items, [
    { title: 'Cosmos', due: '19 dic 2026' },
    { title: 'Ceremony (renovado)', due: '12/19/2026' },
  ]);
  assert.is(r.dueLabel, 'Vence');
});

test.run();
