/**
 * Quirk seen in koha-rfid-3m810-js: stale bytes sit in the buffer before a command, and the reader can emit a frame
 * with a bad CRC; the JS port drains and resyncs on the next start byte. Our parser must report both and recover.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeFrame, FrameParser } from '../../drivers/3m/frame.ts';

test('stale half-frame + corrupt frame + good frame → junk reported, good frame parsed', () => {
  const good = encodeFrame(0xfe, Uint8Array.from([0x00, 0x00, 0x05, 0x00]));
  const corrupt = good.slice();
  corrupt[5] = 0x77; // payload byte flipped: CRC no longer matches
  const stale = good.slice(0, 4);
  const p = new FrameParser();
  const ev = [...p.push(stale), ...p.timeout(), ...p.push(new Uint8Array([...corrupt, ...good]))];
  assert.ok(ev.some((e) => e.kind === 'junk' && e.reason === 'timeout'));
  assert.ok(ev.some((e) => e.kind === 'junk' && e.reason === 'bad_crc'));
  const frames = ev.filter((e) => e.kind === 'frame');
  assert.is(frames.length, 1);
  assert.is(p.pending, 0);
});

test.run();
