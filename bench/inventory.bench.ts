/**
 * BENCH inventory (bench-definitions.md): 200,000 handheld reads (duplicates included) against a shelf list of
 * 1,000,000 items, through the station's own path: the shelf list imported from CSV (ShelfList.fromCsv, call-number
 * sort keys), every read through InventoryController.ingest (de-duplication by UID, decode of the tag memory with the
 * tag codec, session order, hunt check, status-lookup queue), then the full analysis (shelf-order check, missing,
 * wrong location, unsecured). Figures: reads per second of the ingest loop, peak RSS of the process, and the time of
 * the analysis. Goals: >= 50,000 reads/s, <= 400 MB, < 5 s.
 *
 * The data is generated deterministically (seeded PRNG): realistic Dewey numbers (class, decimals, Cutter, some
 * fiction "FIC XYZ", some years) or LC numbers with INVENTORY_BENCH_SCHEME=lc; 70 % of items in ADULT, the rest in
 * KIDS and REFERENCE. The wand walks 150,000 consecutive ADULT items in shelf order: neighbours swapped (within the
 * tolerance), 0.5 % misshelved far away, a few tags unknown to the list, some unsecured, and 50,000 repeat reads of
 * tags still in the field.
 */
import { configSchema } from '../src/config/index.ts';
import { InventoryController } from '../src/roles/inventory/controller.ts';
import type { TagRead } from '../src/roles/inventory/session.ts';
import type { InventoryStore } from '../src/roles/inventory/store.ts';
import type { Scheme } from '../src/roles/inventory/callnumber.ts';
import { codecFrom, type TagCodec } from '../src/roles/inventory/codec.ts';
import type { Ils } from '../src/sip2/ils.ts';

const SHELF = Number(process.env['INVENTORY_BENCH_ITEMS'] ?? 1_000_000);
const READS = Number(process.env['INVENTORY_BENCH_READS'] ?? 200_000);
const UNIQUE = Math.round(READS * 0.75);
const scheme = (process.env['INVENTORY_BENCH_SCHEME'] ?? 'dewey') as Scheme;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rnd = mulberry32(0x1ab5eed);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const SURNAMES = ['SMI', 'JOH', 'WIL', 'BRO', 'JON', 'GAR', 'MIL', 'DAV', 'ROD', 'MAR', 'HER', 'LOP', 'GON', 'WAL'];
const cutter3 = () => (rnd() < 0.7 ? pick(SURNAMES) : pick([...LETTERS]) + pick([...LETTERS]) + pick([...LETTERS]));
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');

function deweyCall(): string {
  if (rnd() < 0.18) return `FIC ${cutter3()}`;
  const cls = String(Math.floor(rnd() * 1000)).padStart(3, '0');
  const dec = rnd() < 0.8 ? `.${digits(1 + Math.floor(rnd() * 4))}` : '';
  const year = rnd() < 0.15 ? ` ${1950 + Math.floor(rnd() * 75)}` : '';
  return `${cls}${dec} ${cutter3()}${year}`;
}

const LC_CLASSES = ['PS', 'PR', 'QA', 'HD', 'BF', 'E', 'F', 'N', 'ML', 'KF', 'Z', 'DA', 'PN', 'QH', 'RC', 'HV', 'JK'];
function lcCall(): string {
  const num = 1 + Math.floor(rnd() * 9999);
  const dec = rnd() < 0.3 ? `.${digits(1 + Math.floor(rnd() * 2))}` : '';
  const c1 = `.${pick([...LETTERS])}${digits(1 + Math.floor(rnd() * 3))}`;
  const c2 = rnd() < 0.3 ? ` ${pick([...LETTERS])}${digits(2)}` : '';
  const year = rnd() < 0.6 ? ` ${1950 + Math.floor(rnd() * 75)}` : '';
  return `${pick(LC_CLASSES)}${num}${dec} ${c1}${c2}${year}`;
}

const itemId = (i: number) => `3${String(1_234_000_000_000 + i)}`;

/**
 * The CSV as the ILS exports it. Written line by line into one buffer: building it from a million strings would leave
 * hundreds of MB of the generator's own garbage in the heap and count it as the station's memory.
 */
function shelfCsv(): string {
  const call = scheme === 'lc' ? lcCall : deweyCall;
  let buf = Buffer.allocUnsafe(SHELF * 48);
  let at = buf.write('item_id,call_number,location\n', 0, 'latin1');
  for (let i = 0; i < SHELF; i++) {
    const r = rnd();
    const line = `${itemId(i)},${call()},${r < 0.7 ? 'ADULT' : r < 0.9 ? 'KIDS' : 'REFERENCE'}\n`;
    if (at + line.length > buf.length) {
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, at);
      buf = bigger;
    }
    at += buf.write(line, at, 'latin1');
  }
  return buf.toString('latin1', 0, at);
}

async function loadCodec(): Promise<TagCodec> {
  const config = configSchema.parse({});
  try {
    const spec = '../src/tags/index.ts'; // written in parallel; the kiosk tests' codec stands in until it lands
    return codecFrom((await import(spec)) as Parameters<typeof codecFrom>[0], config);
  } catch {
    const fakes = await import('../test/kiosk/fakes.ts');
    console.log("# src/tags not built yet: the kiosk tests' codec stands in for the tag contents");
    return codecFrom(
      {
        decodeTag: (b) => fakes.decodeTestTag(b),
        encodeItem: (i) => fakes.encodeTestTag(i.primaryItemId, i.partNumber ?? 1, i.partsInItem ?? 1),
      },
      config,
    );
  }
}

/** The wand's reads over `walk` (shelf-list indices in shelf order), as the handheld reports them. */
function wandReads(walk: number[], codec: TagCodec): TagRead[] {
  const order = walk.slice();
  for (let i = 0; i + 1 < order.length; i++) if (rnd() < 0.1) [order[i], order[i + 1]] = [order[i + 1]!, order[i]!]; // neighbours in any order
  for (let k = 0; k < order.length * 0.005; k++) {
    const from = Math.floor(rnd() * order.length);
    const [moved] = order.splice(from, 1);
    order.splice(Math.floor(rnd() * order.length), 0, moved!);
  }
  const uidOf = (n: number) => `E004${n.toString(16).toUpperCase().padStart(12, '0')}`;
  const firsts: TagRead[] = order.map((i, n) => {
    const unknown = rnd() < 0.001;
    const id = unknown ? `39999${String(n).padStart(9, '0')}` : itemId(i);
    return {
      uid: uidOf(n),
      bytes: codec.encode({ primaryItemId: id }, { blockSize: 4, blockCount: 28 }).bytes,
      secured: rnd() >= 0.002,
    };
  });
  // Tags stay in the field for a few rounds: repeats of recent tags, interleaved.
  const reads: TagRead[] = [];
  let dups = READS - firsts.length;
  for (let n = 0; n < firsts.length; n++) {
    reads.push(firsts[n]!);
    while (dups > 0 && rnd() < (READS - firsts.length) / firsts.length) {
      const back = firsts[Math.max(0, n - Math.floor(rnd() * 8))]!;
      reads.push({ uid: back.uid, ...(back.secured === undefined ? {} : { secured: back.secured }) });
      dups--;
    }
  }
  while (dups-- > 0) reads.push({ uid: firsts[firsts.length - 1 - Math.floor(rnd() * 8)]!.uid });
  return reads;
}

async function main(): Promise<void> {
  const codec = await loadCodec();
  const offline = { online: false, itemInfo: async () => ({ circulationStatus: '03' }) } as unknown as Ils;
  const store = { save: () => 'bench' } as unknown as InventoryStore;
  const controller = new InventoryController({
    ils: offline,
    store,
    decode: (bytes, dsfid) => codec.decode(bytes, dsfid).primaryItemId,
    scheme,
    tolerance: 3,
  });

  const csv = shelfCsv();
  const genMb = process.resourceUsage().maxRSS / 1024;
  let t = performance.now();
  controller.loadShelfList(csv);
  const importS = (performance.now() - t) / 1000;

  // The walk: consecutive ADULT items in shelf order, from a tenth of the way along the shelves.
  const list = (controller as unknown as { shelf: import('../src/roles/inventory/shelflist.ts').ShelfList }).shelf;
  const { byRank } = list.order();
  const adult: number[] = [];
  for (const i of byRank) if (list.location(i) === 'ADULT') adult.push(i);
  const from = Math.floor(adult.length / 10);
  const walk = adult.slice(from, from + UNIQUE);
  adult.length = 0;
  const reads = wandReads(walk, codec);

  controller.start('ADULT');
  controller.setHuntList([itemId(walk[Math.floor(walk.length / 2)]!)]);
  t = performance.now();
  for (const r of reads) controller.ingest(r);
  const ingestS = (performance.now() - t) / 1000;
  const status = controller.statusView();

  t = performance.now();
  const a = controller.analyze();
  const orderS = (performance.now() - t) / 1000;
  controller.close();

  const rssMb = process.resourceUsage().maxRSS / 1024;
  if (status.reads !== reads.length || status.items < UNIQUE * 0.99 || status.unreadable > 0)
    throw new Error(`the session does not add up: ${JSON.stringify(status)}`);
  if (status.huntHits.length !== 1) throw new Error('the hunted item was not flagged');
  console.log(
    `BENCH inventory reads_per_s=${Math.round(reads.length / ingestS)} rss_mb=${Math.round(rssMb)} order_check_s=${orderS.toFixed(2)}`,
  );
  console.log(
    `# scheme=${scheme} shelf=${list.size} reads=${reads.length} items=${status.items} duplicates=${status.duplicates} ` +
      `import_s=${importS.toFixed(2)} generator_rss_mb=${Math.round(genMb)} missing=${a.missing.length} misshelved=${a.misshelved.length} ` +
      `wrong_location=${a.wrongLocation.length} unsecured=${a.unsecured.length} unknown=${a.unknown.length}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
