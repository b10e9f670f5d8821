/**
 * Reads a tag's item data: the first blocks in one command (enough for a compacted ISO 28560-2 or a 28560-3
 * record), and only when that does not decode, the whole user memory sized by Get System Info. One round trip
 * for the common case keeps the read short enough to hide behind the previous item's ILS request.
 */
import type { Reader, Uid } from '../../rfid/reader.ts';
import type { ItemData } from '../../tags/types.ts';
import { isTagError } from '../../tags/types.ts';

export type DecodeTag = (bytes: Uint8Array) => ItemData;

export async function readItem(reader: Reader, uid: Uid, decode: DecodeTag, firstBlocks: number): Promise<ItemData> {
  const head = await reader.readBlocks(uid, 0, firstBlocks);
  try {
    return decode(head);
  } catch (err) {
    // 'blank' is final; 'corrupt'/'unknown_model' may just mean the record runs past what we read.
    if (!isTagError(err) || err.code === 'blank') throw err;
    const info = await reader.systemInfo(uid);
    if (info.blockCount === undefined || info.blockCount <= firstBlocks) throw err;
    return decode(await reader.readBlocks(uid, 0, info.blockCount));
  }
}
