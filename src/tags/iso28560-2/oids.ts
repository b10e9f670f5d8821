/**
 * Relative OIDs of ISO 28560-2 (data elements of ISO 28560-1), by the names ItemData.other uses.
 * 1–26 as in signum-savotta's decoder of production tags; 27 as the project brief names it (unconfirmed).
 */
export const OID_NAMES: Record<number, string> = {
  1: 'primaryItemId',
  2: 'contentParameter',
  3: 'ownerInstitution',
  4: 'setInformation',
  5: 'typeOfUsage',
  6: 'shelfLocation',
  7: 'onixMediaFormat',
  8: 'marcMediaFormat',
  9: 'supplierIdentifier',
  10: 'orderNumber',
  11: 'illBorrowingInstitution',
  12: 'illBorrowingTransactionId',
  13: 'gs1ProductId',
  14: 'alternativeUniqueItemId',
  15: 'localDataA',
  16: 'localDataB',
  17: 'title',
  18: 'productIdentifierLocal',
  19: 'mediaFormatOther',
  20: 'supplyChainStage',
  21: 'supplierInvoiceNumber',
  22: 'alternativeItemId',
  23: 'alternativeOwnerInstitution',
  24: 'subsidiaryOfOwnerInstitution',
  25: 'alternativeIllBorrowingInstitution',
  26: 'localDataC',
  27: 'localDataD',
};

export const oidName = (oid: number): string => OID_NAMES[oid] ?? `oid${oid}`;

/** Elements holding an ISIL: their application-defined compaction (code 0) is the Annex C ISIL code. */
export const ISIL_OIDS = new Set([3, 11, 23, 25]);

export const OID = { primaryItemId: 1, contentParameter: 2, owner: 3, setInfo: 4, typeOfUsage: 5, shelf: 6 } as const;
