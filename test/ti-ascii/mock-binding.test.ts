/** openReader('ti-ascii') on MockBinding with the §D request strings (exact text out, bracketed replies in). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { silentLogger } from '../../src/log/index.ts';
import { openReader } from '../../drivers/ti-ascii/index.ts';
import { scriptedBinding } from '../3m/mock-port.ts';

const UID = 'E004010043555D36'; // §D: printed LSB first as 365D5543000104E0

function evm(w: string): string | undefined {
  if (w === '0108000304FF0000') return 'TRF7970A EVM\r\n';
  if (/^01..000304(10|F0|F1)/.test(w)) return 'Register write request.\r\n';
  // 16-slot inventory: one tag in slot 6, a collision-free field.
  if (w.startsWith('010B00030414')) {
    const slots = Array.from({ length: 16 }, (_, i) => (i === 6 ? '[365D5543000104E0,4E]' : '[]'));
    return `ISO 15693 Inventory request.\r\n${slots.join('\r\n')}\r\n`;
  }
  if (w.startsWith('011300030418')) return 'Request mode.\r\n[00]\r\n';
  return undefined;
}

test('§D init strings, inventory UID printed LSB first, addressed Write AFI string', async () => {
  const port = scriptedBinding('/dev/mockti', (w) => {
    const r = evm(w.toString('latin1'));
    return r === undefined ? undefined : Buffer.from(r, 'latin1');
  });
  const r = await openReader({
    path: port.path,
    binding: port.binding,
    log: silentLogger,
    commandTimeoutMs: 300,
    reconnectMs: 100,
    antennas: [1],
  });
  const sent = (): string[] => port.writes.map((b) => b.toString('latin1'));
  assert.equal(sent(), ['0108000304FF0000', '010C00030410002101000000', '0109000304F0000000', '0109000304F1FF0000']);
  assert.equal(
    (await r.inventory()).map((t) => t.uid),
    [UID],
  );
  // Inventory cmd 0x14 with flags 06 (16 slots, high data rate: the station's BASE_FLAGS; §D's capture used 04).
  assert.is(sent().at(-1), '010B000304140601000000');
  await r.writeAfi(UID, 0xc2);
  // §D `0113000304182027 365D5543000104E0 C20000` with flags 0x22 (addressed + high data rate) instead of 0x20.
  assert.is(sent().at(-1), '0113000304182227365D5543000104E0C20000');
  await r.close();
});

test.run();
