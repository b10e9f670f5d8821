/**
 * Item data on tags (ISO 28560-2, ISO 28560-3, legacy 3M RFID501). Decoders take the tag's user memory;
 * the encoder's input type has no place for anything about a patron (ARCHITECTURE.md, src/tags).
 */
import { SelfcheckError } from '../errors.ts';

export type TagModel = '28560-2' | '28560-3' | 'rfid501';

/** ISO 28560-1 type of usage (28560-3 nibble values); 8 = patron card, which the encoder refuses. */
export type TypeOfUsage = number;

export interface ItemData {
  model: TagModel;
  primaryItemId: string;
  /** Owner library ISIL (e.g. "DE-705", "US-NmCa"), when present. */
  ownerLibrary: string | undefined;
  /** Set information: parts in the set and this part's number (1-based); 1/1 for a single item. */
  partsInItem: number;
  partNumber: number;
  typeOfUsage: TypeOfUsage | undefined;
  /** Every other element found, by name (e.g. shelfLocation, mediaFormat, contentParameter, oid13). */
  other: Record<string, unknown>;
}

/** What the encoder accepts: item-descriptive elements only. */
export interface ItemInput {
  primaryItemId: string;
  ownerLibrary?: string | undefined;
  partsInItem?: number;
  partNumber?: number;
  /** Defaults to circulating; 8 (patron card) is refused. */
  typeOfUsage?: TypeOfUsage;
  shelfLocation?: string | undefined;
}

export type TagErrorCode =
  | 'blank' // no data (all zeros, all 0xFF, 3M manufacturing blank)
  | 'unknown_model' // bytes match no supported model
  | 'corrupt' // a model was recognised but the bytes are inconsistent (CRC, lengths, compaction)
  | 'refused' // the encoder refuses this input (patron card, pattern mismatch, too long)
  | 'too_large'; // does not fit the tag's memory

export class TagError extends SelfcheckError {
  override readonly code: TagErrorCode;
  constructor(code: TagErrorCode, message: string, details?: Record<string, unknown>, options?: ErrorOptions) {
    super('tag', code, message, details, options);
    this.name = 'TagError';
    this.code = code;
  }
}

export function isTagError(err: unknown, code?: TagErrorCode): err is TagError {
  return err instanceof TagError && (code === undefined || err.code === code);
}
