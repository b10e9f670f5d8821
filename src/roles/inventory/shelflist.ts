/**
 * The shelf list imported from the ILS as CSV: item ID, call number, location, title (optional), with a header row
 * naming the columns (item_id/barcode, call_number/callnumber, location, title in any order). Held in packed
 * columns (columns.ts), so a million items take ~60 MB; shelf order (from the call-number sort keys)
 * is computed once at import and kept as integer ranks.
 */
import { SelfcheckError } from '../../errors.ts';
import { sortKey, type Scheme } from './callnumber.ts';
import { ColumnIndex, StringColumn } from './columns.ts';

export interface ShelfItem {
  itemId: string;
  callNumber: string;
  location: string;
  title: string | undefined;
  key: string;
}

const aliases: Record<string, 'itemId' | 'callNumber' | 'location' | 'title'> = {
  item_id: 'itemId',
  itemid: 'itemId',
  barcode: 'itemId',
  item: 'itemId',
  call_number: 'callNumber',
  callnumber: 'callNumber',
  itemcallnumber: 'callNumber',
  location: 'location',
  shelving_location: 'location',
  title: 'title',
};

/** Splits CSV text into rows of fields (RFC 4180: quotes, doubled quotes, CRLF). */
export function* csvRows(text: string): Generator<string[]> {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const row: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw new SelfcheckError('staff', 'bad_csv', 'unterminated quoted field in the shelf list');
          field += text.slice(i, q);
          if (text[q + 1] === '"') {
            field += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
      } else {
        let j = i;
        while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
        field = text.slice(i, j);
        i = j;
      }
      row.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      break;
    }
    if (row.length > 1 || row[0] !== '') yield row;
  }
}

export class ShelfList {
  private readonly idCol = new StringColumn();
  private readonly callCol = new StringColumn();
  private readonly titleCol = new StringColumn();
  private readonly index = new ColumnIndex(this.idCol);
  /** Location per item as a code into `locationNames`: a library has a few dozen locations. */
  private locCodes = new Uint16Array(1024);
  private readonly locationNames: string[] = [];
  private readonly locationCode = new Map<string, number>();
  private ordered: { rank: Int32Array; byRank: Int32Array } | undefined;

  constructor(readonly scheme: Scheme) {}

  static fromCsv(text: string, scheme: Scheme): ShelfList {
    const list = new ShelfList(scheme);
    const rows = csvRows(text);
    const header = rows.next();
    if (header.done) throw new SelfcheckError('staff', 'bad_csv', 'the shelf list is empty');
    const cols = header.value.map(
      (h) =>
        aliases[
          h
            .trim()
            .toLowerCase()
            .replace(/[\s-]+/g, '_')
        ],
    );
    const at = (name: string) => cols.indexOf(name as never);
    const [iId, iCall, iLoc, iTitle] = [at('itemId'), at('callNumber'), at('location'), at('title')];
    if (iId < 0 || iCall < 0 || iLoc < 0)
      throw new SelfcheckError(
        'staff',
        'bad_csv',
        'the shelf list needs columns item_id, call_number and location (title optional)',
      );
    let line = 1;
    for (const row of rows) {
      line++;
      const id = row[iId]?.trim();
      if (!id) throw new SelfcheckError('staff', 'bad_csv', `shelf list line ${line}: no item id`);
      list.add(id, row[iCall] ?? '', row[iLoc]?.trim() ?? '', iTitle >= 0 ? row[iTitle] : undefined);
    }
    // Shelf order is worked out once per import, not on every analysis.
    list.order();
    return list;
  }

  add(itemId: string, callNumber: string, location: string, title?: string): void {
    const existing = this.index.get(itemId);
    const i = existing ?? this.idCol.length;
    if (existing === undefined) {
      this.idCol.set(i, itemId);
      this.index.add(itemId, i);
    }
    this.callCol.set(i, callNumber);
    if (title || existing !== undefined) this.titleCol.set(i, title ?? '');
    let code = this.locationCode.get(location);
    if (code === undefined) {
      code = this.locationNames.push(location) - 1;
      if (code > 0xffff) throw new SelfcheckError('staff', 'bad_csv', 'more than 65,536 locations in the shelf list');
      this.locationCode.set(location, code);
    }
    if (i >= this.locCodes.length) {
      const bigger = new Uint16Array(this.locCodes.length * 2);
      bigger.set(this.locCodes);
      this.locCodes = bigger;
    }
    this.locCodes[i] = code;
    this.ordered = undefined;
  }

  get size(): number {
    return this.idCol.length;
  }

  indexOf(itemId: string): number | undefined {
    return this.index.get(itemId);
  }

  id(i: number): string {
    return this.idCol.get(i);
  }

  callNumber(i: number): string {
    return this.callCol.get(i);
  }

  location(i: number): string {
    return this.locationNames[this.locCodes[i]!]!;
  }

  /** Location code of item i, and of a location name (undefined when no item has it): cheap comparisons. */
  locationCodeOf(i: number): number {
    return this.locCodes[i]!;
  }

  codeOfLocation(name: string): number | undefined {
    return this.locationCode.get(name);
  }

  title(i: number): string | undefined {
    return this.titleCol.isEmpty(i) ? undefined : this.titleCol.get(i);
  }

  key(i: number): string {
    return sortKey(this.scheme, this.callCol.get(i));
  }

  /**
   * Shelf order as integers: rank[i] is item i's place in call-number order (equal call-number keys share a rank),
   * byRank lists the items in that order. Integers instead of a million key strings: 8 bytes an item, and the order
   * check compares numbers. Computed on first use after a change.
   */
  order(): { rank: Int32Array; byRank: Int32Array } {
    if (this.ordered) return this.ordered;
    const n = this.size;
    const keys = new Array<string>(n);
    for (let i = 0; i < n; i++) keys[i] = this.key(i);
    const byRank = new Int32Array(n);
    for (let i = 0; i < n; i++) byRank[i] = i;
    byRank.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
    const rank = new Int32Array(n);
    let r = 0;
    for (let k = 0; k < n; k++) {
      if (k > 0 && keys[byRank[k]!] !== keys[byRank[k - 1]!]) r++;
      rank[byRank[k]!] = r;
    }
    this.ordered = { rank, byRank };
    return this.ordered;
  }

  item(i: number): ShelfItem {
    return {
      itemId: this.id(i),
      callNumber: this.callNumber(i),
      location: this.location(i),
      title: this.title(i),
      key: this.key(i),
    };
  }
}
