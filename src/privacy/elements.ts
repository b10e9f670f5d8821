/**
 * Every kind of data the station touches, declared once (what, class, why, source, who, where, how long, protection,
 * flows). `selfcheck privacy-audit` prints this as the data inventory the library publishes with its three-yearly
 * privacy audit (policy section I), in the shape of ../shared/reference/privacy-inventory.schema.json.
 * When code starts handling a new kind of data, it is declared here in the same change.
 */
export type Classification =
  'patron_pii' | 'patron_secret' | 'circulation_link' | 'item_id' | 'aggregate' | 'device_operational' | 'credential';

export type Medium = 'process_memory' | 'tmpfs' | 'disk' | 'network_in_transit' | 'paper' | 'ils';
export type Appearance = 'logs' | 'metrics' | 'receipt' | 'email' | 'screen' | 'crash_dump' | 'offline_queue' | 'none';

export interface DataElement {
  id: string;
  what: string;
  classification: Classification;
  why: string;
  legal_basis_or_policy?: string;
  source: string;
  who: string[];
  where: Array<{ store: string; medium: Medium; path?: string }>;
  retention: { max: string; trigger: string; enforced_by: string };
  encryption: { at_rest: string; in_transit: string };
  leaves_device: boolean;
  appears_in: Appearance[];
}

export interface Flow {
  from: string;
  to: string;
  elements: string[];
  protocol: string;
  protection: string;
}

const sipTransit = 'TLS to the ILS (sip2.tls) or a loopback tunnel; the audit fails otherwise';

export const dataElements: DataElement[] = [
  {
    id: 'patron.card_number',
    what: 'Library card number (SIP2 AA)',
    classification: 'patron_pii',
    why: 'Identify the borrower to the ILS for checkout, renewal and account display',
    legal_basis_or_policy: 'Privacy policy A.4 (only what is needed for library operations)',
    source: 'HID card reader or on-screen keypad',
    who: ['selfcheck service (process memory)', 'ILS'],
    where: [
      { store: 'kiosk session', medium: 'process_memory' },
      { store: 'ILS', medium: 'ils' },
    ],
    retention: {
      max: 'session',
      trigger: 'Done, inactivity timeout, or a new session',
      enforced_by: 'kiosk session reset + e2e privacy tests',
    },
    encryption: { at_rest: 'never stored', in_transit: sipTransit },
    leaves_device: true,
    appears_in: ['none'],
  },
  {
    id: 'patron.pin',
    what: 'Patron PIN (SIP2 AD)',
    classification: 'patron_secret',
    why: 'Authenticate the borrower when the library requires a PIN',
    source: 'on-screen keypad (masked)',
    who: ['selfcheck service (process memory)', 'ILS'],
    where: [{ store: 'kiosk session', medium: 'process_memory' }],
    retention: { max: 'session', trigger: 'session end', enforced_by: 'session reset; log redaction test' },
    encryption: { at_rest: 'never stored', in_transit: sipTransit },
    leaves_device: true,
    appears_in: ['none'],
  },
  {
    id: 'patron.name',
    what: 'Patron personal name (SIP2 AE); only the first name is shown',
    classification: 'patron_pii',
    why: 'Greet the patron so they know the right card was read',
    source: 'ILS (24/64 responses)',
    who: ['patron at the screen'],
    where: [{ store: 'kiosk session', medium: 'process_memory' }],
    retention: {
      max: 'session',
      trigger: 'session end',
      enforced_by: 'session reset; UI state reset; e2e privacy tests',
    },
    encryption: { at_rest: 'never stored', in_transit: 'loopback HTTP to the kiosk browser only' },
    leaves_device: false,
    appears_in: ['screen'],
  },
  {
    id: 'patron.account_summary',
    what: 'Fines, holds-ready count, current loans and holds (My account, after the PIN)',
    classification: 'circulation_link',
    why: 'Let the patron see their own account (policy A.8)',
    source: 'ILS (63/64)',
    who: ['patron at the screen'],
    where: [{ store: 'kiosk session', medium: 'process_memory' }],
    retention: { max: 'session', trigger: 'session end', enforced_by: 'session reset; no history is ever kept' },
    encryption: { at_rest: 'never stored', in_transit: sipTransit },
    leaves_device: false,
    appears_in: ['screen'],
  },
  {
    id: 'circ.session_items',
    what: 'Items checked out, renewed or returned in the current session, with titles and due dates',
    classification: 'circulation_link',
    why: 'Show each result and print the receipt the patron asks for',
    source: 'RFID tags (item ID) and ILS responses (title, due date)',
    who: ['patron at the screen'],
    where: [
      { store: 'kiosk session', medium: 'process_memory' },
      { store: 'receipt printer (only when the patron asks)', medium: 'paper' },
    ],
    retention: {
      max: 'session',
      trigger: 'session end',
      enforced_by: 'session reset; Cache-Control: no-store; Clear-Site-Data',
    },
    encryption: { at_rest: 'never stored', in_transit: 'loopback HTTP' },
    leaves_device: false,
    appears_in: ['screen', 'receipt'],
  },
  {
    id: 'patron.email_flag',
    what: 'Whether the ILS holds an e-mail address (BE present); the address itself is dropped on receipt',
    classification: 'patron_pii',
    why: 'Offer an e-mail receipt only when the ILS can send one',
    source: 'ILS (64)',
    who: ['selfcheck service (process memory)'],
    where: [{ store: 'kiosk session (boolean only)', medium: 'process_memory' }],
    retention: { max: 'session', trigger: 'session end', enforced_by: 'session reset' },
    encryption: { at_rest: 'never stored', in_transit: sipTransit },
    leaves_device: false,
    appears_in: ['none'],
  },
  {
    id: 'offline.queue_entry',
    what:
      'Store-and-forward checkout (patron ID, item ID, time, due date) while the ILS is unreachable; the patron ID ' +
      'exists only inside the two seals. An entry the ILS refused when forwarded also keeps its item ID, a refusal ' +
      'reason code and the time in the clear, so staff can see and handle it (never the patron or the ILS message)',
    classification: 'circulation_link',
    why: 'Let patrons borrow during an ILS outage when the library enables it',
    source: 'kiosk',
    who: [
      'selfcheck service (this run only)',
      'ILS after forwarding',
      'staff holding the library private key',
      'logged-in staff (refused entries: item ID and reason code only)',
    ],
    where: [{ store: 'offline queue', medium: 'disk', path: '<dataDir>/offline/<txId>.json' }],
    retention: {
      max: 'P30D',
      trigger: 'deleted when the ILS confirms; alert at offline.maxAgeDays; purged at offline.retentionDays',
      enforced_by: 'forwarder + in-service retention timer',
    },
    encryption: {
      at_rest:
        'AES-256-GCM under a key held only in process memory, and X25519+HKDF+AES-256-GCM to the library public key',
      in_transit: sipTransit,
    },
    leaves_device: true,
    appears_in: ['offline_queue', 'metrics'],
  },
  {
    id: 'item.tag_data',
    what: 'Item ID, owner library (ISIL), set information on RFID tags; tag UID',
    classification: 'item_id',
    why: 'Identify items for circulation, security and inventory (ISO 28560)',
    source: 'RFID tags',
    who: ['selfcheck service', 'anyone with a reader near the item (tags carry no patron data)'],
    where: [{ store: 'RFID tag', medium: 'disk' }],
    retention: { max: 'P100Y', trigger: 'life of the item', enforced_by: 'encoder refuses patron data by type' },
    encryption: {
      at_rest: 'none (ISO 28560 is public by design; no patron data on tags)',
      in_transit: '13.56 MHz air interface',
    },
    leaves_device: true,
    appears_in: ['none'],
  },
  {
    id: 'kiosk.crash_journal',
    what: 'Item operations in flight at the kiosk: operation, item ID, tag UIDs, phase, start time; never a patron value',
    classification: 'item_id',
    why: 'After a crash or power cut between the ILS answer and the tag write, make the tag security agree with the ILS',
    source: 'kiosk item pipeline',
    who: ['selfcheck service', 'staff (items it could not confirm: diagnostics page, memory only)'],
    where: [
      { store: 'kiosk crash journal', medium: 'disk', path: '<dataDir>/kiosk-journal.json' },
      { store: 'unreadable journal moved aside', medium: 'disk', path: '<dataDir>/kiosk-journal.corrupt.json' },
    ],
    retention: {
      max: 'PT30M',
      trigger:
        'deleted when the operation ends (tag written, refused, undone), normally within seconds; an offline ' +
        'checkout at the end of its session (bounded by the inactivity timeout); an entry a crash ' +
        'left is resolved by the recovery at the next start (kept while the ILS is unreachable, given up after 7 days); ' +
        'the moved-aside copy is deleted after 7 days',
      enforced_by: 'kiosk pipeline + start-up recovery (src/roles/kiosk/recovery.ts) + in-service retention timer',
    },
    encryption: {
      at_rest: 'file permissions 0600 under a 0700 StateDirectory',
      in_transit: 'never leaves the station',
    },
    leaves_device: false,
    appears_in: ['screen'],
  },
  {
    id: 'inventory.results',
    what: 'Shelf inventory results: item IDs, call numbers, locations, status findings',
    classification: 'item_id',
    why: 'Find missing, misshelved and unsecured items',
    source: 'handheld reader + shelf list + ILS item status',
    who: ['staff (logged in)'],
    where: [{ store: 'inventory sessions', medium: 'disk', path: '<dataDir>/inventory/' }],
    retention: { max: 'P30D', trigger: 'inventory.retentionDays', enforced_by: 'in-service retention timer' },
    encryption: { at_rest: 'file permissions 0600 under a 0700 StateDirectory', in_transit: 'loopback HTTP' },
    leaves_device: false,
    appears_in: ['screen'],
  },
  {
    id: 'gate.alarm_records',
    what: 'Gate alarm times and counts; the alarmed item ID only when the library turns it on',
    classification: 'item_id',
    why: 'Staff follow-up of alarms and recovery of items (policy E.2)',
    source: 'gate antennas',
    who: ['staff'],
    where: [{ store: 'alarm records', medium: 'disk', path: '<dataDir>/gate-alarms.json' }],
    retention: {
      max: 'P0D unless gate.keepAlarmedItemIdsDays > 0',
      trigger: 'gate.keepAlarmedItemIdsDays',
      enforced_by: 'gate purge timer',
    },
    encryption: { at_rest: 'file permissions 0600', in_transit: 'loopback HTTP' },
    leaves_device: false,
    appears_in: ['screen'],
  },
  {
    id: 'stats.hourly',
    what: 'Hourly counts: checkouts, returns, renewals, refusals by reason code, alarms, visitors',
    classification: 'aggregate',
    why: 'Library reports and planning (policy A.6: aggregate data stripped of PII)',
    source: 'station events',
    who: ['library administration', 'IT'],
    where: [{ store: 'statistics', medium: 'disk', path: '<dataDir>/stats.json' }],
    retention: { max: 'P730D', trigger: 'privacy.statsRetentionDays', enforced_by: 'in-service retention timer' },
    encryption: { at_rest: 'file permissions 0600', in_transit: 'CSV export by staff' },
    leaves_device: true,
    appears_in: ['metrics'],
  },
  {
    id: 'ops.logs',
    what: 'Service logs: states, errors, timings; patron fields redacted by key, SIP2 field and session value',
    classification: 'device_operational',
    why: 'Support and troubleshooting',
    source: 'selfcheck service',
    who: ['IT'],
    where: [{ store: 'journal (or log.file)', medium: 'disk' }],
    retention: {
      max: 'P30D',
      trigger: 'journald retention (MaxRetentionSec=30day in install.sh)',
      enforced_by: 'journald',
    },
    encryption: { at_rest: 'per host', in_transit: 'none (local)' },
    leaves_device: false,
    appears_in: ['logs'],
  },
  {
    id: 'credential.sip2_password',
    what: 'SIP2 login password of this station (CO) and optional terminal password (AC)',
    classification: 'credential',
    why: 'Authenticate the station to the ILS',
    source: 'systemd credential sip2-password',
    who: ['selfcheck service'],
    where: [{ store: 'systemd credentials directory', medium: 'tmpfs' }],
    retention: { max: 'P100Y', trigger: 'until rotated', enforced_by: 'library IT' },
    encryption: {
      at_rest: 'LoadCredentialEncrypted where the Pi has a TPM; root-only file otherwise',
      in_transit: sipTransit,
    },
    leaves_device: true,
    appears_in: ['none'],
  },
];

export const flows: Flow[] = [
  {
    from: 'kiosk',
    to: 'ILS',
    elements: ['patron.card_number', 'patron.pin', 'circ.session_items', 'offline.queue_entry'],
    protocol: 'SIP2',
    protection: sipTransit,
  },
  {
    from: 'ILS',
    to: 'kiosk',
    elements: ['patron.name', 'patron.account_summary', 'circ.session_items', 'patron.email_flag'],
    protocol: 'SIP2',
    protection: sipTransit,
  },
  {
    from: 'kiosk service',
    to: 'kiosk browser',
    elements: ['patron.name', 'patron.account_summary', 'circ.session_items'],
    protocol: 'HTTP on 127.0.0.1',
    protection: 'loopback only; no-store; CSP',
  },
  {
    from: 'station',
    to: 'Prometheus',
    elements: ['stats.hourly'],
    protocol: 'HTTP /metrics',
    protection: 'aggregate only; no patron or item labels',
  },
  {
    from: 'station',
    to: 'staff machine',
    elements: ['offline.queue_entry'],
    protocol: 'file copy',
    protection: 'sealed to the library public key',
  },
];
