/**
 * The one Reader interface every driver implements (drivers/{sim,feig,3m,ti-ascii}).
 * Roles talk to readers only through this. All byte-level work stays in the drivers.
 *
 * UIDs are 8 bytes, written here MSB first as 16 upper-case hex digits ("E004015012345678"),
 * the way people and labels write them; drivers reverse them for the air (LSB first).
 */
import { SelfcheckError } from '../errors.ts';

export type Uid = string;

/** Tag families whose quirks a driver must honour (e.g. TI Tag-it needs the option flag on writes). */
export type TagFamily = 'icode-slix' | 'icode-slix2' | 'tagit-hfi-plus' | 'tagit-hfi-pro' | 'generic';

export interface InventoryOptions {
  /** Only tags with this AFI answer (0 = all tags; ISO 15693-3). */
  afi?: number;
  /** 16 slots (default) or 1 slot. */
  slots?: 1 | 16;
  /** Antenna to use (1-based); the reader's current one when absent. */
  antenna?: number;
}

export interface InventoryTag {
  uid: Uid;
  dsfid: number;
  /** Antenna that saw it, when the reader says. */
  antenna?: number;
}

export interface SystemInfo {
  uid: Uid;
  dsfid?: number;
  afi?: number;
  /** Number of blocks and bytes per block, when the tag reports them. */
  blockCount?: number;
  blockSize?: number;
  icReference?: number;
}

export interface ReaderInfo {
  driver: string;
  firmware?: string;
  antennas?: number;
  details?: Record<string, unknown>;
}

export interface WriteOptions {
  /** Set the ISO 15693 option flag (TI Tag-it needs it for writes and locks). Drivers pick it from the family when absent. */
  option?: boolean;
}

export interface Reader {
  readonly driver: string;
  /** Inventory the field; resolves collisions itself (repeats with masks) until every UID is known. */
  inventory(opts?: InventoryOptions): Promise<InventoryTag[]>;
  /** Reads `count` blocks from `first`; returns the bytes (count × block size). */
  readBlocks(uid: Uid, first: number, count: number): Promise<Uint8Array>;
  /** Writes whole blocks from `first`; `data.length` must be a multiple of the block size. Always addressed. */
  writeBlocks(uid: Uid, first: number, data: Uint8Array, opts?: WriteOptions): Promise<void>;
  lockBlock(uid: Uid, block: number, opts?: WriteOptions): Promise<void>;
  writeAfi(uid: Uid, afi: number, opts?: WriteOptions): Promise<void>;
  lockAfi(uid: Uid, opts?: WriteOptions): Promise<void>;
  writeDsfid(uid: Uid, dsfid: number, opts?: WriteOptions): Promise<void>;
  /** NXP ICODE EAS bit (custom commands A2/A3). */
  setEas(uid: Uid, on: boolean): Promise<void>;
  /**
   * NXP EAS Alarm (A5). Unaddressed: true when any EAS-enabled tag answered. With `uid` (optional, added for
   * the security read-back): addressed to that tag, true when its EAS bit is set.
   */
  easAlarm(uid?: Uid): Promise<boolean>;
  systemInfo(uid: Uid): Promise<SystemInfo>;
  /** Switches the field off and on (tags reset to Ready). */
  rfReset(): Promise<void>;
  selectAntenna(antenna: number): Promise<void>;
  info(): Promise<ReaderInfo>;
  close(): Promise<void>;
  /** 'up' | 'down' events when the port goes away and comes back (unplugged and replugged). */
  on(event: 'state', listener: (state: 'up' | 'down', reason?: string) => void): this;
  off(event: 'state', listener: (state: 'up' | 'down', reason?: string) => void): this;
}

/** Reader error codes (STYLE.md #9): a caller switches on `code`. */
export type ReaderErrorCode =
  | 'no_tag' // the addressed tag did not answer
  | 'collision' // more than one tag answered where one was expected
  | 'tag_error' // the tag answered with an ISO 15693 error code (details.tagError)
  | 'frame' // malformed bytes from the reader (bad CRC, length, start byte)
  | 'timeout' // the reader did not answer in time
  | 'reader_gone' // the port closed / device unplugged
  | 'reader_error' // the reader reported a status of its own (details.status)
  | 'unsupported'; // the driver or reader cannot do this

export class ReaderError extends SelfcheckError {
  override readonly code: ReaderErrorCode;
  constructor(code: ReaderErrorCode, message: string, details?: Record<string, unknown>, options?: ErrorOptions) {
    super(code === 'frame' ? 'frame' : 'reader', code, message, details, options);
    this.name = 'ReaderError';
    this.code = code;
  }
}

export function isReaderError(err: unknown, code?: ReaderErrorCode): err is ReaderError {
  return err instanceof ReaderError && (code === undefined || err.code === code);
}
