/**
 * The SIP2 message catalogue (3M SIP 2.00, as quoted by sip2-facts.md): each code's name, fixed fields by name with
 * their lengths (in characters, after the 2-character code), and the variable fields it may carry. Field IDs not
 * listed are still kept on decode (vendor extensions); repeatable fields decode to arrays.
 */
export interface MessageSpec {
  name: string;
  fixed: ReadonlyArray<readonly [string, number]>;
  fields: readonly string[];
}

const date = ['transactionDate', 18] as const;
const circResponse = {
  fixed: [['ok', 1], ['renewalOk', 1], ['magneticMedia', 1], ['desensitize', 1], date] as const,
  fields: ['AO', 'AA', 'AB', 'AJ', 'AH', 'BT', 'CI', 'BH', 'BV', 'CK', 'CH', 'BK', 'AF', 'AG'],
};

export const messages: Record<string, MessageSpec> = {
  '93': {
    name: 'Login',
    fixed: [
      ['uidAlgorithm', 1],
      ['pwdAlgorithm', 1],
    ],
    fields: ['CN', 'CO', 'CP'],
  },
  '94': { name: 'Login Response', fixed: [['ok', 1]], fields: [] },
  '99': {
    name: 'SC Status',
    fixed: [
      ['statusCode', 1],
      ['maxPrintWidth', 3],
      ['protocolVersion', 4],
    ],
    fields: [],
  },
  '98': {
    name: 'ACS Status',
    fixed: [
      ['onlineStatus', 1],
      ['checkinOk', 1],
      ['checkoutOk', 1],
      ['acsRenewalPolicy', 1],
      ['statusUpdateOk', 1],
      ['offlineOk', 1],
      ['timeoutPeriod', 3],
      ['retriesAllowed', 3],
      ['dateTimeSync', 18],
      ['protocolVersion', 4],
    ],
    fields: ['AO', 'AM', 'BX', 'AN', 'AF', 'AG'],
  },
  '23': { name: 'Patron Status Request', fixed: [['language', 3], date], fields: ['AO', 'AA', 'AC', 'AD'] },
  '24': {
    name: 'Patron Status Response',
    fixed: [['patronStatus', 14], ['language', 3], date],
    fields: ['AO', 'AA', 'AE', 'BL', 'CQ', 'BH', 'BV', 'AF', 'AG'],
  },
  '63': {
    name: 'Patron Information',
    fixed: [['language', 3], date, ['summary', 10]],
    fields: ['AO', 'AA', 'AC', 'AD', 'BP', 'BQ'],
  },
  '64': {
    name: 'Patron Information Response',
    fixed: [
      ['patronStatus', 14],
      ['language', 3],
      date,
      ['holdItemsCount', 4],
      ['overdueItemsCount', 4],
      ['chargedItemsCount', 4],
      ['fineItemsCount', 4],
      ['recallItemsCount', 4],
      ['unavailableHoldsCount', 4],
    ],
    fields: [
      'AO',
      'AA',
      'AE',
      'BZ',
      'CA',
      'CB',
      'BL',
      'CQ',
      'BH',
      'BV',
      'CC',
      'AS',
      'AT',
      'AU',
      'AV',
      'BU',
      'CD',
      'BD',
      'BE',
      'BF',
      'AF',
      'AG',
      'PA',
      'PB',
      'PC',
    ],
  },
  '11': {
    name: 'Checkout',
    fixed: [['scRenewalPolicy', 1], ['noBlock', 1], date, ['nbDueDate', 18]],
    fields: ['AO', 'AA', 'AB', 'AC', 'CH', 'AD', 'BO', 'BI'],
  },
  '12': { name: 'Checkout Response', ...circResponse },
  '09': {
    name: 'Checkin',
    fixed: [['noBlock', 1], date, ['returnDate', 18]],
    fields: ['AP', 'AO', 'AB', 'AC', 'CH', 'BI'],
  },
  '10': {
    name: 'Checkin Response',
    fixed: [['ok', 1], ['resensitize', 1], ['magneticMedia', 1], ['alert', 1], date],
    fields: ['AO', 'AB', 'AQ', 'AJ', 'CL', 'AA', 'CK', 'CH', 'AF', 'AG', 'CR', 'CS', 'CT', 'CV', 'CY', 'DA'],
  },
  '17': { name: 'Item Information', fixed: [date], fields: ['AO', 'AB', 'AC'] },
  '18': {
    name: 'Item Information Response',
    fixed: [['circulationStatus', 2], ['securityMarker', 2], ['feeType', 2], date],
    fields: ['CF', 'AH', 'CJ', 'CM', 'AB', 'AJ', 'BG', 'BH', 'BV', 'CK', 'AQ', 'AP', 'CH', 'AF', 'AG'],
  },
  '29': {
    name: 'Renew',
    fixed: [['thirdPartyAllowed', 1], ['noBlock', 1], date, ['nbDueDate', 18]],
    fields: ['AO', 'AA', 'AD', 'AB', 'AJ', 'AC', 'CH', 'BO'],
  },
  '30': { name: 'Renew Response', ...circResponse },
  '65': { name: 'Renew All', fixed: [date], fields: ['AO', 'AA', 'AD', 'AC', 'BO'] },
  '66': {
    name: 'Renew All Response',
    fixed: [['ok', 1], ['renewedCount', 4], ['unrenewedCount', 4], date],
    fields: ['AO', 'BM', 'BN', 'AF', 'AG'],
  },
  '35': { name: 'End Patron Session', fixed: [date], fields: ['AO', 'AA', 'AC', 'AD'] },
  '36': { name: 'End Session Response', fixed: [['endSession', 1], date], fields: ['AO', 'AA', 'AF', 'AG'] },
  '37': {
    name: 'Fee Paid',
    fixed: [date, ['feeType', 2], ['paymentType', 2], ['currencyType', 3]],
    fields: ['BV', 'AO', 'AA', 'AC', 'AD', 'CG', 'BK'],
  },
  '38': { name: 'Fee Paid Response', fixed: [['paymentAccepted', 1], date], fields: ['AO', 'AA', 'BK', 'AF', 'AG'] },
  '15': {
    name: 'Hold',
    fixed: [['holdMode', 1], date],
    fields: ['BW', 'BS', 'BY', 'AO', 'AA', 'AD', 'AB', 'AJ', 'AC', 'BO'],
  },
  '16': {
    name: 'Hold Response',
    fixed: [['ok', 1], ['available', 1], date],
    fields: ['BW', 'BR', 'BS', 'AO', 'AA', 'AB', 'AJ', 'AF', 'AG'],
  },
  '19': { name: 'Item Status Update', fixed: [date], fields: ['AO', 'AB', 'AC', 'CH'] },
  '20': {
    name: 'Item Status Update Response',
    fixed: [['itemPropertiesOk', 1], date],
    fields: ['AB', 'AJ', 'CH', 'AF', 'AG'],
  },
  '25': { name: 'Patron Enable', fixed: [date], fields: ['AO', 'AA', 'AC', 'AD'] },
  '26': {
    name: 'Patron Enable Response',
    fixed: [['patronStatus', 14], ['language', 3], date],
    fields: ['AO', 'AA', 'AE', 'BL', 'CQ', 'AF', 'AG'],
  },
  '01': { name: 'Block Patron', fixed: [['cardRetained', 1], date], fields: ['AO', 'AL', 'AA', 'AC'] },
  '97': { name: 'Request ACS Resend', fixed: [], fields: [] },
  '96': { name: 'Request SC Resend', fixed: [], fields: [] },
};

/** The response code each request expects (01 Block Patron is answered with 24). */
export const responseFor: Record<string, string> = {
  '93': '94',
  '99': '98',
  '23': '24',
  '63': '64',
  '11': '12',
  '09': '10',
  '17': '18',
  '29': '30',
  '65': '66',
  '35': '36',
  '37': '38',
  '15': '16',
  '19': '20',
  '25': '26',
  '01': '24',
};

/** Fields that may appear more than once (screen messages, print lines, item lists, renewed/unrenewed items). */
export const repeatable = new Set(['AF', 'AG', 'AS', 'AT', 'AU', 'AV', 'BU', 'CD', 'BM', 'BN']);

export function fixedLength(spec: MessageSpec): number {
  return spec.fixed.reduce((n, [, len]) => n + len, 0);
}
