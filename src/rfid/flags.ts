/**
 * ISO/IEC 15693-3 request and response flags (rfid-facts.md §1; proxmark3 common/iso15693tools.h).
 * Bits 1–4 are common; bits 5–8 mean different things with and without the inventory flag.
 */
export const ReqFlag = {
  twoSubcarriers: 0x01,
  highDataRate: 0x02,
  inventory: 0x04,
  protocolExtension: 0x08,
  // inventory = 0
  select: 0x10,
  address: 0x20,
  option: 0x40,
  // inventory = 1
  afi: 0x10,
  oneSlot: 0x20,
} as const;

/** Bits 5–8 when the inventory flag is set (the option flag keeps its place). */
export const InvFlag = { afi: 0x10, oneSlot: 0x20, option: 0x40 } as const;

export const RespFlag = { error: 0x01, extension: 0x08 } as const;

/** The station always talks at the high data rate with one subcarrier (bench-definitions.md). */
export const BASE_FLAGS = ReqFlag.highDataRate;
