/**
 * Compact storage for a million-row shelf list: strings packed as UTF-8 in one growing buffer (no per-string object,
 * and nothing keeps the uploaded CSV text alive), and an open-addressing hash index over one such column. A V8 string
 * plus a Map entry costs ~70 bytes an item; this costs ~25.
 */
export class StringColumn {
  private buf = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  private starts = new Int32Array(1024);
  private ends = new Int32Array(1024);
  private n = 0;

  get length(): number {
    return this.n;
  }

  private reserve(bytes: number): void {
    if (this.used + bytes > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.used + bytes));
      this.buf.copy(bigger, 0, 0, this.used);
      this.buf = bigger;
    }
  }

  /** Sets row i (appending when i == length); a replaced value's old bytes are simply left behind. */
  set(i: number, s: string): void {
    if (i >= this.starts.length) {
      const size = Math.max(this.starts.length * 2, i + 1);
      const starts = new Int32Array(size);
      const ends = new Int32Array(size);
      starts.set(this.starts);
      ends.set(this.ends);
      [this.starts, this.ends] = [starts, ends];
    }
    this.reserve(s.length * 3);
    this.starts[i] = this.used;
    this.used += this.buf.write(s, this.used, 'utf8');
    this.ends[i] = this.used;
    if (i >= this.n) this.n = i + 1;
  }

  get(i: number): string {
    return this.buf.toString('utf8', this.starts[i], this.ends[i]);
  }

  isEmpty(i: number): boolean {
    return i >= this.n || this.starts[i] === this.ends[i];
  }
}

/** 32-bit FNV-1a over UTF-16 code units. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
  return h >>> 0;
}

/** value → row number, over the values of a StringColumn (linear probing; rows are never removed). */
export class ColumnIndex {
  private slots = new Int32Array(1 << 12).fill(-1);
  private hashes = new Uint32Array(1024);
  private count = 0;

  constructor(private readonly column: StringColumn) {}

  get(value: string): number | undefined {
    const mask = this.slots.length - 1;
    const h = hash(value);
    for (let p = h & mask; ; p = (p + 1) & mask) {
      const row = this.slots[p]!;
      if (row < 0) return undefined;
      if (this.hashes[row] === h && this.column.get(row) === value) return row;
    }
  }

  /** Indexes `row`, whose value the column already holds. */
  add(value: string, row: number): void {
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    if (row >= this.hashes.length) {
      const bigger = new Uint32Array(Math.max(this.hashes.length * 2, row + 1));
      bigger.set(this.hashes);
      this.hashes = bigger;
    }
    const h = hash(value);
    this.hashes[row] = h;
    this.place(row, h);
    this.count++;
  }

  private place(row: number, h: number): void {
    const mask = this.slots.length - 1;
    let p = h & mask;
    while (this.slots[p]! >= 0) p = (p + 1) & mask;
    this.slots[p] = row;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(-1);
    for (const row of old) if (row >= 0) this.place(row, this.hashes[row]!);
  }
}
