/**
 * ISO/IEC 15693 air-frame CRC (ISO/IEC 13239, "CRC-16/X-25"): poly 0x1021 reflected (0x8408), init 0xFFFF,
 * output inverted, appended LSB first. Check value over ASCII "123456789" is 0x906E (rfid-vectors.md §A).
 */
export function crc15693(data: Uint8Array, start = 0, end = data.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) {
    crc ^= data[i]!;
    for (let b = 0; b < 8; b++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
  }
  return ~crc & 0xffff;
}

/** The frame followed by its CRC, LSB first, as it goes on the air. */
export function withCrc(frame: Uint8Array): Uint8Array {
  const out = new Uint8Array(frame.length + 2);
  out.set(frame);
  const crc = crc15693(frame);
  out[frame.length] = crc & 0xff;
  out[frame.length + 1] = crc >>> 8;
  return out;
}

/** True when the last two bytes are the CRC of the rest. */
export function checkCrc(frame: Uint8Array): boolean {
  if (frame.length < 3) return false;
  const crc = crc15693(frame, 0, frame.length - 2);
  return frame[frame.length - 2] === (crc & 0xff) && frame[frame.length - 1] === crc >>> 8;
}
