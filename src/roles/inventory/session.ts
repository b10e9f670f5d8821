/**
 * One shelf-reading session: reads stream in from a handheld (any driver, or an uploaded file of reads), are decoded
 * once per tag UID and de-duplicated, and kept in the order first seen (the order the wand passed the shelf).
 * Hunt mode: a list of wanted items; reading one raises a `hunt` hit at once.
 */
export interface TagRead {
  uid: string;
  /** Tag user memory, when the reader read it; decoded with the session's decoder. */
  bytes?: Uint8Array;
  /** The tag's DSFID from the inventory, passed to the decoder (it names the data model). */
  dsfid?: number;
  /** Already-decoded item id (e.g. from a handheld's stored file). */
  itemId?: string;
  /** Whether the tag's security is on (AFI/EAS per the library's model), when the reader saw it. */
  secured?: boolean;
}

export type ReadOutcome =
  | { kind: 'new'; itemId: string; hunted: boolean }
  | { kind: 'duplicate' }
  | { kind: 'unreadable'; uid: string; reason: string };

export type Decoder = (bytes: Uint8Array, dsfid?: number) => string;

export class InventorySession {
  /** Item ids in first-seen order. */
  readonly order: string[] = [];
  readonly uidOf = new Map<string, string>();
  /** Item ids whose tag was seen unsecured. */
  readonly unsecured = new Set<string>();
  readonly unreadable = new Map<string, string>();
  private readonly seenUids = new Map<string, string | null>();
  private readonly seenItems = new Set<string>();
  private wanted = new Set<string>();
  readonly huntHits: string[] = [];
  reads = 0;
  duplicates = 0;

  constructor(
    private readonly decode: Decoder,
    readonly location?: string,
  ) {}

  setHuntList(itemIds: Iterable<string>): void {
    this.wanted = new Set(itemIds);
  }

  ingest(read: TagRead): ReadOutcome {
    this.reads++;
    const known = this.seenUids.get(read.uid);
    if (known !== undefined) {
      this.duplicates++;
      if (known !== null && read.secured === false) this.unsecured.add(known);
      return { kind: 'duplicate' };
    }
    let itemId = read.itemId;
    if (itemId === undefined) {
      if (!read.bytes) return this.fail(read.uid, 'no tag data');
      try {
        itemId = this.decode(read.bytes, read.dsfid);
        if (!itemId) return this.fail(read.uid, 'no item id on the tag');
      } catch (err) {
        return this.fail(read.uid, err instanceof Error ? err.message : String(err));
      }
    }
    this.seenUids.set(read.uid, itemId);
    if (read.secured === false) this.unsecured.add(itemId);
    // Two tags of one multi-part item are one shelf position.
    if (this.seenItems.has(itemId)) {
      this.duplicates++;
      return { kind: 'duplicate' };
    }
    this.seenItems.add(itemId);
    this.order.push(itemId);
    this.uidOf.set(itemId, read.uid);
    const hunted = this.wanted.has(itemId);
    if (hunted) this.huntHits.push(itemId);
    return { kind: 'new', itemId, hunted };
  }

  private fail(uid: string, reason: string): ReadOutcome {
    this.seenUids.set(uid, null);
    this.unreadable.set(uid, reason);
    return { kind: 'unreadable', uid, reason };
  }

  has(itemId: string): boolean {
    return this.seenItems.has(itemId);
  }
}
