/**
 * Parsing ISO/IEC 15693-3 responses (without CRC). Every malformed input becomes a typed ReaderError:
 * 'tag_error' with info.tagError when the error flag is set, 'frame' when the bytes do not fit the command.
 */
import { tagErrorName } from './errors.ts';
import { RespFlag } from './flags.ts';
import { ReaderError, type InventoryTag, type SystemInfo } from './reader.ts';
import { uidFromAir } from './uid.ts';

/** Checks the flags byte; returns the bytes after it. Throws tag_error when the tag reported an error. */
export function parseResponse(resp: Uint8Array): Uint8Array {
  if (resp.length < 1) throw new ReaderError('frame', 'empty response');
  const flags = resp[0]!;
  if (flags & RespFlag.error) {
    if (resp.length < 2) throw new ReaderError('frame', 'error flag without error code');
    const code = resp[1]!;
    throw new ReaderError('tag_error', `tag error 0x${code.toString(16).padStart(2, '0')}: ${tagErrorName(code)}`, {
      tagError: code,
    });
  }
  return resp.subarray(1);
}

/** Expects a bare success (writes, locks): flags only. */
export function parseAck(resp: Uint8Array): void {
  const body = parseResponse(resp);
  if (body.length !== 0) throw new ReaderError('frame', `unexpected ${body.length} data bytes in an acknowledgement`);
}

/** Inventory slot answer: flags, DSFID, UID (LSB first). */
export function parseInventory(resp: Uint8Array): InventoryTag {
  const body = parseResponse(resp);
  if (body.length !== 9) throw new ReaderError('frame', `inventory response needs 10 bytes, got ${resp.length}`);
  return { dsfid: body[0]!, uid: uidFromAir(body, 1) };
}

/** Get System Information: flags, info flags, UID, [DSFID], [AFI], [blocks−1, size−1], [IC ref]. */
export function parseSystemInfo(resp: Uint8Array): SystemInfo {
  const body = parseResponse(resp);
  if (body.length < 9) throw new ReaderError('frame', `system info needs at least 10 bytes, got ${resp.length}`);
  const info = body[0]!;
  const out: SystemInfo = { uid: uidFromAir(body, 1) };
  let p = 9;
  const need = (n: number): void => {
    if (body.length < p + n)
      throw new ReaderError('frame', `system info truncated (info flags 0x${info.toString(16)})`);
  };
  if (info & 0x01) {
    need(1);
    out.dsfid = body[p++]!;
  }
  if (info & 0x02) {
    need(1);
    out.afi = body[p++]!;
  }
  if (info & 0x04) {
    need(2);
    out.blockCount = body[p++]! + 1;
    out.blockSize = (body[p++]! & 0x1f) + 1;
  }
  if (info & 0x08) {
    need(1);
    out.icReference = body[p++]!;
  }
  if (p !== body.length) throw new ReaderError('frame', `system info has ${body.length - p} bytes too many`);
  return out;
}

export interface BlockRead {
  data: Uint8Array;
  /** Per-block security status byte (bit 0 = locked), when the option flag asked for it. */
  security?: number[];
}

/** Read Single/Multiple: data of `count` blocks, each preceded by its security status when `withSecurity`. */
export function parseReadBlocks(resp: Uint8Array, count: number, withSecurity = false): BlockRead {
  const body = parseResponse(resp);
  const per = withSecurity ? 1 : 0;
  if (count < 1 || body.length % count !== 0 || body.length / count <= per) {
    throw new ReaderError('frame', `read of ${count} block(s) returned ${body.length} bytes`);
  }
  const stride = body.length / count;
  if (stride - per > 32) throw new ReaderError('frame', `block size ${stride - per} exceeds 32 bytes`);
  if (!withSecurity) return { data: body.slice() };
  const data = new Uint8Array(count * (stride - 1));
  const security: number[] = [];
  for (let i = 0; i < count; i++) {
    security.push(body[i * stride]!);
    data.set(body.subarray(i * stride + 1, (i + 1) * stride), i * (stride - 1));
  }
  return { data, security };
}

/** Get Multiple Block Security Status: one byte per block (bit 0 = locked). */
export function parseSecurityStatus(resp: Uint8Array, count: number): boolean[] {
  const body = parseResponse(resp);
  if (body.length !== count)
    throw new ReaderError('frame', `security status: ${count} blocks asked, ${body.length} returned`);
  return Array.from(body, (b) => (b & 1) === 1);
}
