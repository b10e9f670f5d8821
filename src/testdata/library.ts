/**
 * The sample library behind `npm start` and the tests: the built-in test ILS serves these patrons and items,
 * and the simulator's default field holds tags for these items. All invented; card numbers follow the common
 * 14-digit Codabar shape (2 = patron, 3 = item) so they look real to staff trying the kiosk.
 */

export interface SamplePatron {
  id: string;
  pin: string;
  /** Full name as the ILS holds it; the kiosk shows the first name only. */
  name: string;
  /** SIP2 language: 001 English, 008 Spanish. */
  language: '001' | '008';
  email?: string;
  /** Home address and phone (SIP2 BD/BF), sent only to a patron who gave the right PIN. */
  address?: string;
  phone?: string;
  /** Fines owed, in the library's currency (USD). */
  fines: number;
  blocked?: boolean;
  /** ISO date; in the past means expired. */
  expires: string;
  /** Items already on loan to this patron, with their renewal counts. */
  loans?: Array<{ itemId: string; renewals: number }>;
  /** Items on hold for this patron and ready to pick up. */
  holdsReady?: string[];
}

export interface SampleItem {
  id: string;
  title: string;
  author?: string;
  callNumber: string;
  /** Shelving location code. */
  location: string;
  mediaType: '001' | '005' | '006' | '009';
  /** Multi-part sets: number of parts; each part's tag carries the same id with its part number. */
  parts?: number;
  /** Special states the test ILS enforces. */
  status?: 'available' | 'not_for_loan' | 'lost' | 'in_transit';
  /** On hold for another patron: checkout refused for others, checkin routes it to staff. */
  holdFor?: string;
}

export const FINE_LIMIT = 10;
export const RENEWAL_LIMIT = 2;
export const LOAN_DAYS = 21;

export const samplePatrons: SamplePatron[] = [
  {
    id: '23333000000001',
    pin: '1234',
    name: 'Ana Torres',
    language: '001',
    fines: 0,
    expires: '2030-12-31',
    email: 'ana@example.org',
  },
  {
    id: '23333000000002',
    pin: '2345',
    name: 'John Smith',
    language: '001',
    fines: 2.5,
    expires: '2030-12-31',
    loans: [
      { itemId: '31234000000023', renewals: 0 },
      { itemId: '31234000000024', renewals: 2 },
    ],
    holdsReady: ['31234000000031'],
  },
  {
    id: '23333000000003',
    pin: '3456',
    name: 'Robert Blocked',
    language: '001',
    fines: 0,
    blocked: true,
    expires: '2030-12-31',
  },
  { id: '23333000000004', pin: '4567', name: 'Eve Expired', language: '001', fines: 0, expires: '2020-01-31' },
  { id: '23333000000005', pin: '5678', name: 'Frank Fines', language: '001', fines: 25, expires: '2030-12-31' },
  { id: '23333000000006', pin: '6789', name: 'María López', language: '008', fines: 0, expires: '2030-12-31' },
  {
    id: '23333000000007',
    pin: '7890',
    name: 'Olga Other',
    language: '001',
    fines: 0,
    expires: '2030-12-31',
    loans: [{ itemId: '31234000000021', renewals: 0 }],
  },
];

export const sampleItems: SampleItem[] = [
  {
    id: '31234000000011',
    title: 'The Very Hungry Caterpillar',
    author: 'Eric Carle',
    callNumber: 'E CAR',
    location: 'KIDS',
    mediaType: '001',
  },
  {
    id: '31234000000012',
    title: 'Bless Me, Ultima',
    author: 'Rudolfo Anaya',
    callNumber: 'FIC ANA',
    location: 'ADULT',
    mediaType: '001',
  },
  {
    id: '31234000000013',
    title: 'Cien años de soledad',
    author: 'Gabriel García Márquez',
    callNumber: 'SPA FIC GAR',
    location: 'SPANISH',
    mediaType: '001',
  },
  {
    id: '31234000000014',
    title: 'Desert Solitaire',
    author: 'Edward Abbey',
    callNumber: '917.92 ABB',
    location: 'ADULT',
    mediaType: '001',
  },
  {
    id: '31234000000015',
    title: 'A History of New Mexico',
    author: 'Marc Simmons',
    callNumber: '978.9 SIM',
    location: 'ADULT',
    mediaType: '001',
  },
  { id: '31234000000016', title: 'Planet Earth (DVD)', callNumber: 'DVD 508 PLA', location: 'MEDIA', mediaType: '005' },
  {
    id: '31234000000017',
    title: 'The Milagro Beanfield War',
    author: 'John Nichols',
    callNumber: 'FIC NIC',
    location: 'ADULT',
    mediaType: '001',
  },
  {
    id: '31234000000018',
    title: 'Where the Wild Things Are',
    author: 'Maurice Sendak',
    callNumber: 'E SEN',
    location: 'KIDS',
    mediaType: '001',
  },
  {
    id: '31234000000019',
    title: 'Cosmos',
    author: 'Carl Sagan',
    callNumber: '520 SAG',
    location: 'ADULT',
    mediaType: '001',
  },
  {
    id: '31234000000020',
    title: 'Don Quijote de la Mancha',
    author: 'Miguel de Cervantes',
    callNumber: 'SPA FIC CER',
    location: 'SPANISH',
    mediaType: '001',
  },
  // Out to another patron (23333000000007): checkout refused.
  {
    id: '31234000000021',
    title: 'Ceremony',
    author: 'Leslie Marmon Silko',
    callNumber: 'FIC SIL',
    location: 'ADULT',
    mediaType: '001',
  },
  // On hold for 23333000000002: others cannot check it out; a return goes to staff.
  {
    id: '31234000000022',
    title: 'House Made of Dawn',
    author: 'N. Scott Momaday',
    callNumber: 'FIC MOM',
    location: 'ADULT',
    mediaType: '001',
    holdFor: '23333000000002',
  },
  // On loan to 23333000000002: placing it again renews it.
  {
    id: '31234000000023',
    title: 'Red Sky at Morning',
    author: 'Richard Bradford',
    callNumber: 'FIC BRA',
    location: 'ADULT',
    mediaType: '001',
  },
  // On loan to 23333000000002 at the renewal limit.
  {
    id: '31234000000024',
    title: 'Death Comes for the Archbishop',
    author: 'Willa Cather',
    callNumber: 'FIC CAT',
    location: 'ADULT',
    mediaType: '001',
  },
  // A two-part set (book + CD): both tags carry this id, parts 1/2 and 2/2.
  {
    id: '31234000000025',
    title: 'Learn Spanish (book and CD)',
    callNumber: '468 LEA',
    location: 'ADULT',
    mediaType: '009',
    parts: 2,
  },
  {
    id: '31234000000026',
    title: 'New Mexico Statutes (reference)',
    callNumber: 'REF 345.789 NEW',
    location: 'REFERENCE',
    mediaType: '001',
    status: 'not_for_loan',
  },
  {
    id: '31234000000027',
    title: 'Lost in the Stacks',
    callNumber: 'FIC LOS',
    location: 'ADULT',
    mediaType: '001',
    status: 'lost',
  },
  {
    id: '31234000000028',
    title: 'Traveling Book',
    callNumber: 'FIC TRA',
    location: 'ADULT',
    mediaType: '001',
    status: 'in_transit',
  },
  // Ready on the hold shelf for 23333000000002.
  {
    id: '31234000000031',
    title: 'Rain of Gold',
    author: 'Victor Villaseñor',
    callNumber: 'FIC VIL',
    location: 'HOLDS',
    mediaType: '001',
    holdFor: '23333000000002',
  },
];

/** A staff card for the kiosk's diagnostics screen (matches the default kiosk.staffCardPattern). */
export const SAMPLE_STAFF_CARD = 'STAFF0001';
