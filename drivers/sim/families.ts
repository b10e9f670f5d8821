/**
 * Tag families the sim models. Memory sizes from the families' public product pages; programming times
 * are documented (with their confidence) in drivers/sim/README.md.
 */
import type { TagFamily } from '../../src/rfid/reader.ts';

export interface FamilyTraits {
  /** IC manufacturer code in the UID (ISO/IEC 7816-6): 0x04 NXP, 0x07 TI. */
  mfg: number;
  blockCount: number;
  blockSize: number;
  icReference: number;
  /** NXP ICODE custom commands (EAS A2–A5). */
  nxpCustom: boolean;
  /** TI Tag-it: write/lock only work with the option flag (TI S6350 guide p.39). */
  optionForWrites: boolean;
  /** ICODE SLIX does not implement Write Multiple Blocks (rfid-facts.md §1). */
  writeMultiple: boolean;
  /** Time the tag needs to program EEPROM (µs) before it answers a write or lock. */
  programUs: number;
}

export const FAMILIES: Record<TagFamily, FamilyTraits> = {
  // ICODE SLIX (SL2S2002): 28 blocks × 4 bytes = 896 bits user memory.
  'icode-slix': {
    mfg: 0x04,
    blockCount: 28,
    blockSize: 4,
    icReference: 0x01,
    nxpCustom: true,
    optionForWrites: false,
    writeMultiple: false,
    programUs: 5_000,
  },
  // ICODE SLIX2 (SL2S2602): 80 blocks × 4 bytes = 2528 bits (we expose 80 blocks).
  'icode-slix2': {
    mfg: 0x04,
    blockCount: 80,
    blockSize: 4,
    icReference: 0x01,
    nxpCustom: true,
    optionForWrites: false,
    writeMultiple: false,
    programUs: 5_000,
  },
  // Tag-it HF-I Plus: 64 blocks × 4 bytes = 2 kbit.
  'tagit-hfi-plus': {
    mfg: 0x07,
    blockCount: 64,
    blockSize: 4,
    icReference: 0x00,
    nxpCustom: false,
    optionForWrites: true,
    writeMultiple: true,
    programUs: 10_000,
  },
  // Tag-it HF-I Pro: 8 blocks × 4 bytes = 256 bits.
  'tagit-hfi-pro': {
    mfg: 0x07,
    blockCount: 8,
    blockSize: 4,
    icReference: 0x00,
    nxpCustom: false,
    optionForWrites: true,
    writeMultiple: false,
    programUs: 10_000,
  },
  // A plain ISO 15693 tag with no quirks.
  generic: {
    mfg: 0x16,
    blockCount: 32,
    blockSize: 4,
    icReference: 0x00,
    nxpCustom: false,
    optionForWrites: false,
    writeMultiple: true,
    programUs: 5_000,
  },
};
