/**
 * BENCH kiosk-stack (bench-definitions.md): a stack of 10 sample-library items placed at once on the simulator's
 * field ('real' air timing) while a patron is logged in, the built-in test ILS answering each request after
 * 50 ms over real SIP2 on loopback. Measures items placed → last result shown (the controller's view event that
 * has all 10 rows final), against the bound: 10 ILS round trips + the first inventory round that sees the stack
 * + the last item's AFI write and read-back (Get System Info), the air times from the simulator's model.
 * The ILS round trip is measured (50 ms + loopback) as the fastest of a few 17 Item Information requests.
 */
import { configSchema } from '../src/config/index.ts';
import { silentLogger } from '../src/log/index.ts';
import { StationEvents } from '../src/events.ts';
import { createIls } from '../src/sip2/factory.ts';
import type { Ils } from '../src/sip2/ils.ts';
import { KioskController } from '../src/roles/kiosk/controller.ts';
import { ItemJournal } from '../src/roles/kiosk/journal.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/roles/kiosk/clock.ts';
import { sampleItems } from '../src/testdata/library.ts';
import type { Config } from '../src/config/index.ts';
import type { Reader } from '../src/rfid/reader.ts';
import type { DecodeTag } from '../src/roles/kiosk/read-item.ts';

const N = 10;
const LATENCY_MS = 50;
const RUNS = Number(process.env.KIOSK_BENCH_RUNS ?? 5);

interface Stage {
  reader: Reader;
  /** Puts every tag of the stack on the field at once. */
  placeAll(): void;
  /** Air time (ms) of the first inventory round that sees the stack + the last item's AFI write and read-back. */
  boundAirMs: number;
  close(): Promise<void>;
}

interface SimApi {
  decode: DecodeTag;
  stage(config: Config, itemIds: string[]): Promise<Stage>;
}

/**
 * The stack on the simulator: ICODE SLIX tags (the most common library tag) holding each item, AFI 07 (secured),
 * and the bound's air time from the simulator's model (drivers/sim/airtime.ts):
 * - the first 16-slot inventory round that sees the stack, with its slot occupancy from the tags' UIDs
 *   (mask length 0: a tag answers in the slot of its UID's lowest nibble, ISO 15693-3 §8);
 * - the last item's Write AFI (request 11 bytes, 1-byte answer, plus the family's programming time) and its
 *   read-back, Get System Info (request 10 bytes, 15-byte answer: flags, info flags, UID, DSFID, AFI, size, IC).
 * Tag contents come from src/tags encodeItem when it exists; until then the kiosk tests' codec stands in (same
 * 8 blocks read per tag, so the same air time).
 */
async function loadSim(): Promise<SimApi | undefined> {
  const { SimField } = await import('../drivers/sim/field.ts');
  const { SimReader } = await import('../drivers/sim/reader.ts');
  const { SimTag } = await import('../drivers/sim/tag.ts');
  const { FAMILIES } = await import('../drivers/sim/families.ts');
  const air = await import('../drivers/sim/airtime.ts');
  const codec = await loadCodec();
  const family = 'icode-slix' as const;
  return {
    decode: codec.decode,
    async stage(config, itemIds) {
      const field = new SimField({ timing: 'real', seed: 7 });
      const reader = new SimReader(field);
      const tags = itemIds.map(
        (id, i) =>
          new SimTag({
            uid: `E00401${(0x5a3c00 + i * 0x1111).toString(16).toUpperCase().padStart(8, '0')}${(i * 7 + 3).toString(16).toUpperCase().padStart(2, '0')}`,
            family,
            data: codec.encode(id),
            afi: config.tags.security.afiSecured,
          }),
      );
      const slots = Array.from({ length: 16 }, (_, n) =>
        tags.some((t) => (parseInt(t.uid.slice(-1), 16) & 0x0f) === n),
      );
      const firstRoundUs = air.inventoryRoundUs(3, slots);
      const writeUs = air.writeAfiUs({ programUs: FAMILIES[family].programUs });
      const readBackUs = air.exchangeUs(10, 15);
      return {
        reader,
        placeAll: () => tags.forEach((t) => field.addTag(t)),
        boundAirMs: (firstRoundUs + writeUs + readBackUs) / 1000,
        close: () => reader.close(),
      };
    },
  };
}

async function loadCodec(): Promise<{ decode: DecodeTag; encode(id: string): Uint8Array }> {
  const tags = await import('../src/tags/index.ts');
  return {
    decode: (b) => tags.decodeTag(b),
    encode: (id) => tags.encodeItem({ primaryItemId: id }, { model: '28560-2' }),
  };
}

async function ilsRoundTrip(ils: Ils): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await ils.itemInfo('31234000000011');
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

async function main(): Promise<void> {
  const sim = await loadSim();
  if (!sim) {
    console.log('# kiosk-stack skipped: drivers/sim or src/tags not built yet');
    return;
  }
  const config = configSchema.parse({ sip2: { builtin: { latencyMs: LATENCY_MS } } });
  const ils = await createIls(config, silentLogger);
  const rtt = await ilsRoundTrip(ils);
  const items = sampleItems.filter((i) => !i.parts && !i.status && !i.holdFor).slice(0, N);
  if (items.length < N) throw new Error('the sample library has fewer than 10 plain items');
  const results: number[] = [];
  let bound = 0;
  const journalDir = mkdtempSync(join(tmpdir(), 'kiosk-bench-'));
  process.once('exit', () => rmSync(journalDir, { recursive: true, force: true }));
  const journal = ItemJournal.open(journalDir);
  for (let run = 0; run < RUNS; run++) {
    const stage = await sim.stage(
      config,
      items.map((i) => i.id),
    );
    const c = new KioskController({
      config,
      ils,
      reader: stage.reader,
      decode: sim.decode,
      events: new StationEvents(),
      log: silentLogger,
      clock: systemClock,
      // The crash journal on a real disk, as the running kiosk has it: each item's entry is fsynced before its SIP2.
      journal,
    });
    c.start();
    await c.dispatch({ type: 'start' });
    await c.dispatch({ type: 'language', language: 'en' });
    await c.dispatch({ type: 'card', value: '23333000000001' });
    await c.dispatch({ type: 'pin', value: '1234' });
    if (c.view().screen !== 'items') throw new Error(`login failed: ${c.view().screen}`);
    await new Promise((r) => setTimeout(r, 50)); // the empty-pad inventory loop is running
    let shownAt = 0;
    const done = new Promise<void>((resolve) => {
      c.on('view', (v: ReturnType<KioskController['view']>) => {
        if (!shownAt && v.items.length === N && v.itemsPending === 0) {
          shownAt = performance.now();
          resolve();
        }
      });
    });
    const placedAt = performance.now();
    stage.placeAll();
    await done;
    const ms = shownAt - placedAt;
    const bad = c.view().items.filter((r) => r.state !== 'ok');
    if (bad.length > 0) throw new Error(`${bad.length} items did not check out: ${JSON.stringify(bad)}`);
    results.push(ms);
    bound = N * rtt + stage.boundAirMs;
    await c.dispatch({ type: 'done' });
    await c.stop();
    await stage.close();
    // Return the items so the next run can check them out again.
    for (const i of items) await ils.checkin(i.id);
  }
  await ils.close();
  results.sort((a, b) => a - b);
  const median = results[Math.floor(results.length / 2)] ?? 0;
  console.log(
    `BENCH kiosk-stack n=${N} ms=${median.toFixed(1)} bound_ms=${bound.toFixed(1)} ratio=${(median / bound).toFixed(3)}`,
  );
  console.log(
    `# runs=${RUNS} min_ms=${(results[0] ?? 0).toFixed(1)} max_ms=${(results.at(-1) ?? 0).toFixed(1)} ils_rtt_ms=${rtt.toFixed(1)} air_ms=${(bound - N * rtt).toFixed(1)}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
