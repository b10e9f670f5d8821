/**
 * Builds a KioskController over the fakes (FakeIls, FakeReader, FakeClock, the test tag codec) with the
 * default configuration, plus a few helpers the session tests share.
 */
import { configSchema, type ConfigInput } from '../../src/config/index.ts';
import { silentLogger } from '../../src/log/index.ts';
import { StationEvents, type StationEvent } from '../../src/events.ts';
import { KioskController } from '../../src/roles/kiosk/controller.ts';
import type { ReceiptPrinter, Receipt } from '../../drivers/printer/types.ts';
import { FakeIls } from './fake-ils.ts';
import { FakeClock, FakeReader, decodeTestTag, waitFor } from './fakes.ts';

export interface Harness {
  c: KioskController;
  ils: FakeIls;
  reader: FakeReader;
  clock: FakeClock;
  events: StationEvent[];
  printed: Receipt[];
  close(): Promise<void>;
}

export function harness(
  kiosk: ConfigInput['kiosk'] = {},
  opts: { printer?: boolean; tags?: ConfigInput['tags'] } = {},
): Harness {
  // Short inventory pauses keep the tests quick; the real defaults are exercised by the benchmark.
  const config = configSchema.parse({
    kiosk: { busyInventoryMs: 2, idleInventoryMs: 2, ...kiosk },
    tags: opts.tags ?? {},
  });
  const ils = new FakeIls();
  const reader = new FakeReader();
  const clock = new FakeClock();
  const bus = new StationEvents();
  const events: StationEvent[] = [];
  bus.on((e) => events.push(e));
  const printed: Receipt[] = [];
  const printer: ReceiptPrinter = {
    print: async (r) => void printed.push(r),
    close: async () => {},
  };
  const c = new KioskController({
    config,
    ils,
    reader,
    decode: decodeTestTag,
    events: bus,
    log: silentLogger,
    clock,
    printer: opts.printer ? printer : undefined,
  });
  c.start();
  return { c, ils, reader, clock, events, printed, close: () => c.stop() };
}

/** Start → English → card → PIN: lands on the items screen (or wherever the ILS sends the patron). */
export async function login(
  h: Harness,
  card: string,
  pin?: string,
  language: 'en' | 'es' | undefined = 'en',
): Promise<void> {
  await h.c.dispatch({ type: 'start' });
  if (language) await h.c.dispatch({ type: 'language', language });
  await h.c.dispatch({ type: 'card', value: card });
  if (pin !== undefined) await h.c.dispatch({ type: 'pin', value: pin });
}

export async function settled(h: Harness, count: number): Promise<void> {
  await waitFor(() => {
    const v = h.c.view();
    return v.items.length >= count && v.itemsPending === 0;
  }, `${count} settled items`);
}

/** Every string in the controller's view and its own fields, for privacy checks. */
export function dump(h: Harness): string {
  // The injected ILS, reader and bus are outside the controller (the fake ILS is the library's own database).
  const skip = new Set(['d', 'ils', 'reader', 'events', 'log', 'decode']);
  return JSON.stringify({ view: h.c.view(), controller: h.c }, (k, v: unknown) => {
    if (skip.has(k)) return undefined;
    if (v instanceof Set || v instanceof Map) return [...v];
    if (typeof v === 'function') return undefined;
    return v;
  });
}
