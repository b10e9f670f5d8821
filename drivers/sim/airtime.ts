/**
 * The ISO/IEC 15693-2/-3 air-time model (high data rate, one subcarrier, fc = 13.56 MHz), in microseconds.
 * Every figure is derived from fc so the bound does not depend on how the station is written
 * (bench-definitions.md). drivers/sim/README.md lists the formulas and the resulting durations.
 */
export const FC = 13_560_000;
const us = (cycles: number): number => (cycles / FC) * 1e6;

/** Reader → tag, 1-out-of-4 pulse position coding: one symbol (2 bits) = 1024/fc = 75.52 µs; 26.48 kbit/s. */
export const READER_SYMBOL_US = us(1024);
export const READER_BYTE_US = 4 * READER_SYMBOL_US; // 302.08 µs
/** Reader SOF for 1-out-of-4 lasts 4 × 18.88 µs = 75.52 µs; the EOF 2 × 18.88 µs = 37.76 µs (ISO 15693-2 §7.3). */
export const READER_SOF_US = us(1024);
export const READER_EOF_US = us(512);
/** Tag → reader, high data rate, one subcarrier: one bit = 32 subcarrier cycles of fc/32 = 512/fc = 37.76 µs. */
export const TAG_BIT_US = us(512);
/** Tag SOF and EOF, high data rate, one subcarrier: 768/fc = 56.64 µs each (ISO 15693-2 §8.2). */
export const TAG_SOF_US = us(768);
export const TAG_EOF_US = us(768);
/** t1: tag response delay after the reader's EOF, nominal 4320/fc = 318.6 µs (max 4352/fc). */
export const T1_US = us(4320);
export const T1_MAX_US = us(4352);
/** t2: the reader waits at least 4192/fc = 309.2 µs after a tag's EOF before its next EOF or request. */
export const T2_US = us(4192);
/** t3: an empty slot ends after t1max + the tag SOF duration = 5120/fc = 377.6 µs (ISO 15693-3 §9.1). */
export const T3_US = us(4352 + 768);
/** Bytes of CRC on every frame. */
const CRC = 2;

/** Air time of a request of `bytes` (flags..params, CRC excluded): SOF + (bytes + 2) bytes + EOF. */
export function requestUs(bytes: number): number {
  return READER_SOF_US + (bytes + CRC) * READER_BYTE_US + READER_EOF_US;
}

/** Air time of a tag response of `bytes` (flags..data, CRC excluded). */
export function responseUs(bytes: number): number {
  return TAG_SOF_US + (bytes + CRC) * 8 * TAG_BIT_US + TAG_EOF_US;
}

export interface ExchangeTiming {
  /** Programming time of the tag for a write/lock (datasheet figure of the family), 0 for reads. */
  programUs?: number;
  /** Option-flag writes (TI Tag-it): the reader sends an extra EOF after the programming time, the tag answers t1 later. */
  optionEof?: boolean;
}

/**
 * One addressed/non-addressed command: request, then either t1 (+ programming) + response + t2,
 * or t3 when no tag answers.
 */
export function exchangeUs(reqBytes: number, respBytes: number | null, t: ExchangeTiming = {}): number {
  const req = requestUs(reqBytes);
  const prog = t.programUs ?? 0;
  const eof = t.optionEof ? READER_EOF_US : 0;
  if (respBytes === null) return req + prog + eof + T3_US;
  return req + prog + eof + T1_US + responseUs(respBytes) + T2_US;
}

/** Inventory response: flags, DSFID, UID(8). */
export const INVENTORY_RESPONSE_BYTES = 10;

/**
 * One inventory round: request, then per slot either t1 + response + t2 (an answer or a collision, which
 * lasts about as long) or t3 (empty); the reader's EOF opens each slot after the first.
 */
export function inventoryRoundUs(reqBytes: number, slots: ReadonlyArray<boolean>): number {
  let total = requestUs(reqBytes);
  slots.forEach((busy, i) => {
    if (i > 0) total += READER_EOF_US;
    total += busy ? T1_US + responseUs(INVENTORY_RESPONSE_BYTES) + T2_US : T3_US;
  });
  return total;
}

/** The unit of bench-definitions.md: one 16-slot inventory (flags, 01, mask length 0), no tag answering. */
export function emptyInventoryRoundUs(): number {
  return inventoryRoundUs(3, new Array<boolean>(16).fill(false));
}

/** Addressed Read Multiple of `count` blocks of `blockSize`: request 12 bytes, response 1 + count × size. */
export function readBlocksUs(count: number, blockSize = 4): number {
  return exchangeUs(12, 1 + count * blockSize);
}

/** Addressed Write Single Block: request 11 + size bytes, response 1 byte (flags). */
export function writeBlockUs(blockSize: number, t: ExchangeTiming): number {
  return exchangeUs(11 + blockSize, 1, t);
}

/** Addressed Write AFI: request 11 bytes, response 1 byte. */
export function writeAfiUs(t: ExchangeTiming): number {
  return exchangeUs(11, 1, t);
}

/**
 * Air bound of "inventory then read `blocks` blocks of every tag" for N tags whose UIDs are resolved in
 * `rounds` (each round's slot occupancy given), e.g. from the sim's own anticollision trace.
 */
export function inventoryAndReadBoundUs(
  rounds: ReadonlyArray<ReadonlyArray<boolean>>,
  roundReqBytes: number[],
  n: number,
  blocks: number,
  blockSize = 4,
): number {
  let t = 0;
  rounds.forEach((slots, i) => (t += inventoryRoundUs(roundReqBytes[i] ?? 3, slots)));
  return t + n * readBlocksUs(blocks, blockSize);
}
