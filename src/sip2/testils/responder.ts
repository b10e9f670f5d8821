/** Builds the test ILS's response to each decoded request (pure: the library holds the state). */
import { formatSipDate, field, type DecodeResult, type Sip2Outgoing } from '../codec/index.ts';
import { FINE_LIMIT } from '../../testdata/library.ts';
import type { TestLibrary } from './library.ts';

export interface ResponderOptions {
  institution: string;
  libraryName: string;
  offlineOk: boolean;
  login?: { user: string; password: string } | undefined;
}

const now = () => formatSipDate(new Date());
const money = (n: number) => n.toFixed(2);

/** 14 patron-status flags: charge, renewal, recall, hold denied; card lost; ...; excessive fines (10). */
function statusFlags(lib: TestLibrary, id: string): string {
  const p = lib.patrons.get(id);
  const f = [...' '.repeat(14)];
  if (!p) return f.join('');
  const denied = p.blocked || lib.expired(p) || p.fines > FINE_LIMIT;
  if (denied) [f[0], f[1], f[2], f[3]] = ['Y', 'Y', 'Y', 'Y'];
  if (p.fines > FINE_LIMIT) f[10] = 'Y';
  return f.join('');
}

function patronCore(lib: TestLibrary, req: DecodeResult, opts: ResponderOptions) {
  const id = field(req, 'AA') ?? '';
  const pin = field(req, 'AD');
  const p = lib.patrons.get(id);
  const pinGiven = pin !== undefined && pin !== '';
  const pinOk = p ? lib.pinOk(p, pin) : false;
  // Names and contact data only for a known patron with the right PIN (or no PIN asked): unlike some ILSs ([OBS]).
  const reveal = p && (pinOk || pin === undefined);
  const fields: Array<[string, string | undefined]> = [
    ['AO', opts.institution],
    ['AA', id],
    ['AE', reveal ? p.name : ''],
    ['BL', p ? 'Y' : 'N'],
    ['CQ', p && pinGiven ? (pinOk ? 'Y' : 'N') : pinGiven ? 'N' : undefined],
    ['BH', p ? 'USD' : undefined],
    ['BV', p ? money(p.fines) : undefined],
  ];
  const messages: string[] = [];
  if (!p) messages.push('Invalid patron barcode.');
  else if (pinGiven && !pinOk) messages.push('Invalid patron password');
  else messages.push(...lib.blocks(p));
  return { id, p, pinOk, reveal, fields, messages };
}

export function respond(lib: TestLibrary, req: DecodeResult, opts: ResponderOptions): Sip2Outgoing {
  const ao: [string, string] = ['AO', opts.institution];
  switch (req.code) {
    case '93': {
      const ok = !opts.login || (field(req, 'CN') === opts.login.user && field(req, 'CO') === opts.login.password);
      return { code: '94', fixed: { ok: ok ? '1' : '0' } };
    }
    case '99':
      return {
        code: '98',
        fixed: {
          onlineStatus: 'Y',
          checkinOk: 'Y',
          checkoutOk: 'Y',
          acsRenewalPolicy: 'Y',
          statusUpdateOk: 'N',
          offlineOk: opts.offlineOk ? 'Y' : 'N',
          timeoutPeriod: '050',
          retriesAllowed: '003',
          dateTimeSync: now(),
          protocolVersion: '2.00',
        },
        fields: [ao, ['AM', opts.libraryName], ['BX', 'YYYNYYYYYNYNNNYN'], ['AN', 'SC']],
      };
    case '23': {
      const c = patronCore(lib, req, opts);
      return {
        code: '24',
        fixed: { patronStatus: statusFlags(lib, c.id), language: c.p?.language ?? '000', transactionDate: now() },
        fields: [...c.fields, ...c.messages.map((m) => ['AF', m] as [string, string])],
      };
    }
    case '63': {
      const c = patronCore(lib, req, opts);
      const summary = req.fixed['summary'] ?? '';
      const listFor = (i: number, id: string, items: string[]) =>
        summary[i] === 'Y' && c.reveal ? items.map((x) => [id, x] as [string, string]) : [];
      const loans = c.p ? lib.loansOf(c.id) : [];
      const holds = c.p ? lib.holdsOf(c.id) : [];
      const overdue = c.p ? lib.overdueOf(c.id) : [];
      const count = (n: number) => String(c.reveal ? n : 0).padStart(4, '0');
      return {
        code: '64',
        fixed: {
          patronStatus: statusFlags(lib, c.id),
          language: c.p?.language ?? '000',
          transactionDate: now(),
          holdItemsCount: count(holds.length),
          overdueItemsCount: count(overdue.length),
          chargedItemsCount: count(loans.length),
          fineItemsCount: count(0),
          recallItemsCount: count(0),
          unavailableHoldsCount: count(0),
        },
        fields: [
          ...c.fields,
          ['CC', c.p ? money(FINE_LIMIT) : undefined],
          ...listFor(0, 'AS', holds),
          ...listFor(1, 'AT', overdue),
          ...listFor(2, 'AU', loans),
          ['BD', c.reveal ? c.p?.address : undefined],
          ['BE', c.reveal ? c.p?.email : undefined],
          ['BF', c.reveal ? c.p?.phone : undefined],
          ...c.messages.map((m) => ['AF', m] as [string, string]),
        ],
      };
    }
    case '11':
    case '29': {
      const patronId = field(req, 'AA') ?? '';
      const itemId = field(req, 'AB') ?? '';
      const nb = req.fixed['nbDueDate'];
      const r =
        req.code === '11'
          ? lib.checkout(patronId, itemId, {
              pin: field(req, 'AD'),
              renewalPolicy: req.fixed['scRenewalPolicy'] === 'Y',
              noBlock: req.fixed['noBlock'] === 'Y',
              nbDueDate: nb && nb.trim() ? parseNb(nb) : undefined,
            })
          : lib.renew(patronId, itemId, field(req, 'AD'));
      return {
        code: req.code === '11' ? '12' : '30',
        fixed: {
          ok: r.ok ? '1' : '0',
          renewalOk: r.renewal ? 'Y' : 'N',
          magneticMedia: 'N',
          desensitize: r.ok ? 'Y' : 'N',
          transactionDate: now(),
        },
        fields: [
          ao,
          ['AA', patronId],
          ['AB', itemId],
          ['AJ', r.item?.title ?? ''],
          ['AH', r.due ? formatSipDate(r.due) : ''],
          ['CK', r.item?.mediaType],
          ...r.messages.map((m) => ['AF', m] as [string, string]),
        ],
      };
    }
    case '09': {
      const itemId = field(req, 'AB') ?? '';
      const r = lib.checkin(itemId);
      return {
        code: '10',
        fixed: {
          ok: r.ok ? '1' : '0',
          resensitize: r.ok && !r.alert ? 'Y' : 'N',
          magneticMedia: 'N',
          alert: r.alert ? 'Y' : 'N',
          transactionDate: now(),
        },
        fields: [
          ao,
          ['AB', itemId],
          ['AQ', r.item?.location ?? ''],
          ['AJ', r.item?.title ?? ''],
          ['CL', r.alert ? '2' : '1'],
          ['CK', r.item?.mediaType],
          ['CV', r.alertType],
          ['CT', r.destination],
          ['CY', r.holdPatron?.id],
          ['DA', r.holdPatron?.name],
          ...r.messages.map((m) => ['AF', m] as [string, string]),
        ],
      };
    }
    case '17': {
      const itemId = field(req, 'AB') ?? '';
      const item = lib.items.get(itemId);
      const loan = lib.loans.get(itemId);
      return {
        code: '18',
        fixed: {
          circulationStatus: item ? lib.circulationStatus(item) : '01',
          securityMarker: '00',
          feeType: '01',
          transactionDate: now(),
        },
        fields: [
          ['AB', itemId],
          ['AJ', item?.title ?? ''],
          ['AH', loan ? formatSipDate(loan.due) : undefined],
          ['AQ', item?.location],
          ['AP', item?.location],
          ['CK', item?.mediaType],
          ['AF', item ? undefined : 'Item not found'],
        ],
      };
    }
    case '35':
      return {
        code: '36',
        fixed: { endSession: 'Y', transactionDate: now() },
        fields: [ao, ['AA', field(req, 'AA') ?? '']],
      };
    case '01': {
      const p = lib.patrons.get(field(req, 'AA') ?? '');
      if (p) p.blocked = true;
      return {
        code: '24',
        fixed: { patronStatus: statusFlags(lib, p?.id ?? ''), language: '000', transactionDate: now() },
        fields: [ao, ['AA', field(req, 'AA') ?? ''], ['BL', p ? 'Y' : 'N']],
      };
    }
    case '65':
      return {
        code: '66',
        fixed: { ok: '0', renewedCount: '0000', unrenewedCount: '0000', transactionDate: now() },
        fields: [ao, ['AF', 'Renew all is not supported here']],
      };
    case '37':
      return {
        code: '38',
        fixed: { paymentAccepted: 'N', transactionDate: now() },
        fields: [ao, ['AA', field(req, 'AA') ?? ''], ['AF', 'Payments are taken at the desk']],
      };
    case '15':
      return {
        code: '16',
        fixed: { ok: '0', available: 'N', transactionDate: now() },
        fields: [ao, ['AA', field(req, 'AA') ?? ''], ['AF', 'Holds are placed in the catalogue']],
      };
    case '19':
      return {
        code: '20',
        fixed: { itemPropertiesOk: '0', transactionDate: now() },
        fields: [['AB', field(req, 'AB') ?? '']],
      };
    case '25': {
      const id = field(req, 'AA') ?? '';
      return {
        code: '26',
        fixed: { patronStatus: statusFlags(lib, id), language: '000', transactionDate: now() },
        fields: [ao, ['AA', id], ['BL', lib.patrons.has(id) ? 'Y' : 'N']],
      };
    }
    default:
      return { code: '96' };
  }
}

function parseNb(s: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2}).{4}(\d{2})(\d{2})(\d{2})$/.exec(s);
  return m
    ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))
    : undefined;
}
