/**
 * Turns a recovered offline transaction into the SIP2 11 message that applies it: no-block Y, the offline due date
 * as the no-block due date and the time the patron took the item (sip2-facts.md quirk 7). Printed by
 * `selfcheck offline recover --format sip2` on the staff machine, one message per line, with AZ so any SIP2 tool
 * can send it as is.
 */
import { formatSipDate } from '../sip2/codec/date.ts';
import { encodeMessage } from '../sip2/codec/encode.ts';
import type { OfflineTransaction } from './queue.ts';

export function formatSip2Checkout(tx: OfflineTransaction, institution = ''): string {
  const bytes = encodeMessage(
    {
      code: '11',
      fixed: {
        scRenewalPolicy: 'N',
        noBlock: 'Y',
        transactionDate: formatSipDate(new Date(tx.transactionDate), true),
        nbDueDate: formatSipDate(new Date(tx.nbDueDate), true),
      },
      fields: [
        ['AO', institution],
        ['AA', tx.patronId],
        ['AB', tx.itemId],
        ['AC', ''],
      ],
    },
    { encoding: 'utf8', errorDetection: true, sequence: 0, terminator: '' },
  );
  return bytes.toString('utf8');
}
