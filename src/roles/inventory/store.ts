/**
 * Saved inventory results (<dataDir>/inventory/<id>.json): item IDs, call numbers, locations and findings only, never
 * patron data; deleted after inventory.retentionDays by the retention timer. Written atomically.
 */
import { mkdirSync, readFileSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { writeFileDurably } from '../../durable-file.ts';
import type { Analysis } from './analysis.ts';

export interface SavedInventory {
  id: string;
  savedAt: string;
  analysis: Analysis;
}

export class InventoryStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'inventory');
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  save(analysis: Analysis, now = new Date()): string {
    const id = randomUUID();
    writeFileDurably(
      this.dir,
      `${id}.json`,
      JSON.stringify({ id, savedAt: now.toISOString(), analysis } satisfies SavedInventory),
    );
    return id;
  }

  load(id: string): SavedInventory | undefined {
    if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
    try {
      return JSON.parse(readFileSync(join(this.dir, `${id}.json`), 'utf8')) as SavedInventory;
    } catch {
      return undefined;
    }
  }

  list(): Array<{ id: string; savedAt: string; location: string | undefined; scanned: number }> {
    return readdirSync(this.dir)
      .filter((n) => /^[0-9a-f-]{36}\.json$/.test(n))
      .map((n) => this.load(n.slice(0, -5)))
      .filter((s): s is SavedInventory => s !== undefined)
      .map((s) => ({ id: s.id, savedAt: s.savedAt, location: s.analysis.location, scanned: s.analysis.scanned }))
      .sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  purgeOlderThan(days: number, now = Date.now()): number {
    let n = 0;
    for (const name of readdirSync(this.dir)) {
      const p = join(this.dir, name);
      if (now - statSync(p).mtimeMs > days * 86_400_000) {
        unlinkSync(p);
        n++;
      }
    }
    return n;
  }
}
