/** openReader('3m') on MockBinding with the recorded bytes of rfid-vectors.md §B (exact bytes out, vectors in). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { silentLogger } from '../../src/log/index.ts';
import { openReader } from '../../drivers/3m/index.ts';
import { encodeFrame } from '../../drivers/3m/frame.ts';
import { scriptedBinding } from './mock-port.ts';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const UID1 = 'E004010031 23AA26'.replace(' ', '');
const UID2 = 'E0040100017C0C38';

// §B2 probe reply (signum-savotta, real), §B2 init reply (Biblio-RFID), §B3 two-tag inventory reply (BIOS9: BCC CA DB).
const REPLIES: Record<string, Buffer> = {
  D500050400118C66: hex('d500090400110a05021b972a'),
  [Buffer.from(encodeFrame(0x13, hex('04 01 00 02 00 03 00 04 00')))
    .toString('hex')
    .toUpperCase()]: Buffer.from(encodeFrame(0x13, hex('00 02 01 01 03 02 02 03 00'))),
  D60005FE0007DA02: hex(`D6 0017 FE 00 00 05 02 ${UID1} ${UID2} CA DB`),
};

test('§B2 probe + init, §B3 inventory of 2 tags: bytes out and UIDs in', async () => {
  const port = scriptedBinding('/dev/mock3m', (w) => REPLIES[w.toString('hex').toUpperCase()]);
  const r = await openReader({
    path: port.path,
    binding: port.binding,
    log: silentLogger,
    commandTimeoutMs: 300,
    reconnectMs: 100,
    antennas: [1],
  });
  assert.is((await r.info()).firmware, '10.5.2.27');
  assert.equal(
    (await r.inventory()).map((t) => t.uid),
    [UID1, UID2],
  );
  assert.is(port.writes[0]!.toString('hex').toUpperCase(), 'D500050400118C66');
  assert.is(port.writes[2]!.toString('hex').toUpperCase(), 'D500050400118C66'); // info() probes again
  assert.is(port.writes[3]!.toString('hex').toUpperCase(), 'D60005FE0007DA02');
  await r.close();
});

test('§B4 write AFI template D6 00 0C 09 E0 07 00 00 01 23 45 67 D7 goes out byte for byte; status 06 → no_tag', async () => {
  const port = scriptedBinding('/dev/mock3m', (w) => {
    const k = w.toString('hex').toUpperCase();
    if (REPLIES[k]) return REPLIES[k];
    if (k.startsWith('D6000C09')) return Buffer.from(encodeFrame(0x09, hex('06 E0 07 00 00 01 23 45 67')));
    return undefined;
  });
  const r = await openReader({
    path: port.path,
    binding: port.binding,
    log: silentLogger,
    commandTimeoutMs: 300,
    reconnectMs: 100,
    antennas: [1],
  });
  const err = await r.writeAfi('E007000001234567', 0xd7).catch((e: unknown) => e);
  assert.is((err as { code?: string }).code, 'no_tag');
  assert.is(port.writes.at(-1)!.toString('hex').toUpperCase().slice(0, 26), 'D6000C09E007000001234567D7');
  // Silence → timeout, typed.
  const t = await r.readBlocks('E007000001234567', 0, 1).catch((e: unknown) => e);
  assert.is((t as { code?: string }).code, 'timeout');
  await r.close();
});

test.run();
