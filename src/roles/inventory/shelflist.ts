/**
 * The shelf list imported from the ILS as CSV: item ID, call number, location, title (optional), with a header row
 * naming the columns (item_id/barcode, call_number/callnumber, location, title in any order). Held as parallel arrays
 * and one Map, so a million items fit in well under the 400 MB budget; sort keys are computed once at import.
 */
import { SelfcheckError } from '../../errors.ts';
import { sortKey, type Scheme } from './callnumber.ts';

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
  readonly ids: string[] = [];
  readonly callNumbers: string[] = [];
  readonly locations: string[] = [];
  readonly titles: Array<string | undefined> = [];
  readonly keys: string[] = [];
  private readonly index = new Map<string, number>();

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
    return list;
  }

  add(itemId: string, callNumber: string, location: string, title?: string): void {
    const existing = this.index.get(itemId);
    const i = existing ?? this.ids.length;
    this.ids[i] = itemId;
    this.callNumbers[i] = callNumber;
    this.locations[i] = location;
    this.titles[i] = title || undefined;
    this.keys[i] = sortKey(this.scheme, callNumber);
    if (existing === undefined) this.index.set(itemId, i);
  }

  get size(): number {
    return this.ids.length;
  }

  indexOf(itemId: string): number | undefined {
    return this.index.get(itemId);
  }

  item(i: number): ShelfItem {
    return {
      itemId: this.ids[i]!,
      callNumber: this.callNumbers[i]!,
      location: this.locations[i]!,
      title: this.titles[i],
      key: this.keys[i]!,
    };
  }
}
