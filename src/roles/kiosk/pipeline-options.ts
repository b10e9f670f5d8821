/** What one session's item pipeline (pipeline.ts) is given: the reader, the ILS, the session's patron and settings. */
import type { Logger } from '../../log/index.ts';
import type { StationEvents } from '../../events.ts';
import type { Reader } from '../../rfid/reader.ts';
import type { Ils } from '../../sip2/ils.ts';
import type { SecurityModel } from '../../rfid/security.ts';
import type { DecodeTag } from './read-item.ts';
import type { KioskMode } from './view.ts';
import type { KioskOffline } from './offline.ts';
import type { ItemJournal } from './journal.ts';

export interface PipelinePatron {
  id: string;
  pin: string | undefined;
  /** Items already on this patron's account (from patron information): placing one renews it. */
  charged: ReadonlySet<string>;
}

export interface PipelineOptions {
  reader: Reader;
  ils: Ils;
  decode: DecodeTag;
  /** The library's security model (config tags.security) and its bounded retries (tags.writeRetries). */
  security: { model: SecurityModel; retries: number };
  events: StationEvents;
  log: Logger;
  mode: KioskMode;
  patron?: PipelinePatron;
  maxItems: number;
  /** Blocks read in the first command (config kiosk.readBlocks). */
  readBlocks: number;
  /** Inventory rounds a set may wait for its missing parts (config kiosk.setRounds). */
  setRounds: number;
  /** Pause between inventory rounds while items are in flight, so writes are not held up (config). */
  busyInventoryMs: number;
  /** Pause between rounds when idle and after a reader error. */
  idleInventoryMs: number;
  errorBackoffMs: number;
  onChange: () => void;
  onError: (layer: string, code: string) => void;
  /** A new tag was seen (counts as patron activity). */
  onActivity: () => void;
  /**
   * Offline checkout: `session` when the whole session is offline; otherwise a checkout the ILS could not even be
   * sent (not connected) is recorded offline too, if offline checkout is possible at that moment.
   */
  offline?: { sink: KioskOffline; session: boolean };
  /** Crash journal of online operations in flight (journal.ts); none: not journaled (tests, bench without disk). */
  journal?: ItemJournal;
  now?: () => number;
}
