/**
 * What the gate keeps (privacy inventory element gate.alarm_records, <dataDir>/gate-alarms.json, mode 0600):
 * the time and length of each alarm and the antenna, always; the alarmed items' tag UIDs and item IDs only when
 * the library turned that on (gate.keepAlarmedItemIdsDays > 0, policy E.2) and then for that many days at most.
 * Nothing about the person: there is no field for it. purge() runs at open and from the role's hourly timer.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface AlarmedItem {
  uid: string;
  itemId?: string;
}

export interface AlarmRecord {
  id: number;
  at: number;
  endedAt?: number;
  antenna?: number;
  items?: AlarmedItem[];
}

interface FileData {
  version: 1;
  next: number;
  records: AlarmRecord[];
}

const DAY = 86_400_000;
const MAX_ITEMS = 16;

export interface RecordsOptions {
  keepItemIdsDays: number;
  keepTimesDays: number;
  /** A failed write (disk full): logged by the role; the records stay in memory and the next change retries. */
  onError?: (err: unknown) => void;
}

export class AlarmRecords {
  private data: FileData;
  private writing: Promise<void> | undefined;
  private dirty = false;

  private constructor(
    private readonly file: string,
    private readonly opts: RecordsOptions,
    data: FileData,
  ) {
    this.data = data;
  }

  static async open(dataDir: string, opts: RecordsOptions, now = Date.now()): Promise<AlarmRecords> {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const file = join(dataDir, 'gate-alarms.json');
    let data: FileData = { version: 1, next: 1, records: [] };
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<FileData>;
      if (parsed.version === 1 && Array.isArray(parsed.records) && typeof parsed.next === 'number')
        data = parsed as FileData;
    } catch {
      // Absent or unreadable: start empty (the old file is replaced at the next write).
    }
    const r = new AlarmRecords(file, opts, data);
    // A library that turns item IDs off (or shortens the time) gets it applied at once, not at the next hour.
    await r.purge(now);
    return r;
  }

  get keepsItems(): boolean {
    return this.opts.keepItemIdsDays > 0;
  }

  start(at: number, antenna?: number): number {
    const id = this.data.next++;
    this.data.records.push({ id, at, ...(antenna !== undefined ? { antenna } : {}) });
    this.save();
    return id;
  }

  end(id: number, at: number): void {
    const r = this.data.records.find((x) => x.id === id);
    if (!r || r.endedAt !== undefined) return;
    r.endedAt = at;
    this.save();
  }

  /** Adds alarmed items to a record; does nothing unless the library keeps item IDs. */
  addItem(id: number, item: AlarmedItem): void {
    if (!this.keepsItems) return;
    const r = this.data.records.find((x) => x.id === id);
    if (!r) return;
    const items = (r.items ??= []);
    const known = items.find((i) => i.uid === item.uid);
    if (known) {
      if (item.itemId) known.itemId = item.itemId;
    } else if (items.length < MAX_ITEMS) items.push({ ...item });
    this.save();
  }

  list(): readonly AlarmRecord[] {
    return this.data.records;
  }

  /** Strips items older than keepItemIdsDays and drops records older than keepTimesDays. */
  async purge(now = Date.now()): Promise<{ removed: number; stripped: number }> {
    const itemCutoff = now - this.opts.keepItemIdsDays * DAY;
    const timeCutoff = now - this.opts.keepTimesDays * DAY;
    const before = this.data.records.length;
    this.data.records = this.data.records.filter((r) => r.at >= timeCutoff);
    let stripped = 0;
    for (const r of this.data.records) {
      if (r.items && (!this.keepsItems || r.at < itemCutoff)) {
        delete r.items;
        stripped++;
      }
    }
    const removed = before - this.data.records.length;
    if (removed || stripped) this.save();
    await this.flush();
    return { removed, stripped };
  }

  /** Coalesced writes: one in flight, then one more with the latest state if anything changed meanwhile. */
  private save(): void {
    this.dirty = true;
    if (this.writing) return;
    this.writing = (async () => {
      while (this.dirty) {
        this.dirty = false;
        // A temporary file then rename, so a crash leaves the previous file whole.
        const tmp = `${this.file}.tmp`;
        try {
          await writeFile(tmp, JSON.stringify(this.data), { mode: 0o600 });
          await rename(tmp, this.file);
        } catch (err) {
          this.opts.onError?.(err);
        }
      }
      this.writing = undefined;
    })();
  }

  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }
}
