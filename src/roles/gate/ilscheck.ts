/**
 * After an alarm, optionally: read the alarmed tag's item ID and ask the ILS (SIP2 17 Item Information) whether the
 * item is checked out. "Checked out" means a false alarm (the kiosk did not unsecure the tag), the most common kind;
 * staff see the verdict on the gate page. The alarm itself never waits for this. The item ID leaves this module
 * only as far as the alarm records allow (records.ts); the verdict has no ID in it.
 */
import type { Reader, Uid } from '../../rfid/reader.ts';
import type { Ils } from '../../sip2/ils.ts';

export type Verdict = 'checked_out' | 'not_checked_out' | 'unknown';

/** Item status 04 = charged (SIP2 circulation status). */
const CHARGED = '04';

/** Reads the tag's user memory and decodes its item ID; undefined when the tag left or does not decode. */
export async function readItemId(
  reader: Reader,
  uid: Uid,
  decode: (bytes: Uint8Array, dsfid?: number) => string,
): Promise<string | undefined> {
  try {
    const info = await reader.systemInfo(uid);
    const bytes = await reader.readBlocks(uid, 0, info.blockCount ?? 28);
    return decode(bytes, info.dsfid);
  } catch {
    // The patron walked on (no_tag) or the tag holds no item: the alarm stands without a verdict.
    return undefined;
  }
}

export async function checkItem(ils: Ils, itemId: string | undefined): Promise<Verdict> {
  if (!itemId) return 'unknown';
  try {
    const info = await ils.itemInfo(itemId);
    return info.circulationStatus === CHARGED ? 'checked_out' : 'not_checked_out';
  } catch {
    // ILS offline or refusing: staff check by hand.
    return 'unknown';
  }
}
