/** encodeItem: layout, refusals (patron card, item pattern, sizes), padding, DSFIDs, itemKey, auto-detection. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeTag, dsfidFor, encodeItem, isTagError, itemKey, type ItemInput } from '../../src/tags/index.ts';
import { parseConfig } from '../../src/config/index.ts';
import { hex } from '../../src/tags/bits.ts';

function code(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    assert.ok(isTagError(err), String(err));
    return err.code;
  }
  return 'no error';
}

test('28560-2 layout: PII (integer), content parameter, owner ISIL, set, type of usage, shelf, terminator', () => {
  const bytes = encodeItem(
    {
      primaryItemId: '123456789012',
      ownerLibrary: 'DE-Heu1',
      partsInItem: 12,
      partNumber: 3,
      shelfLocation: 'QA268.L55',
    },
    { model: '28560-2' },
  );
  // 11 05 <PII> | 02 01 F0 (OIDs 3,4,5,6) | 03 06 <ISIL> | 14 02 04B3 | 05 01 10 | 46 07 <6-bit> | 00, padded
  assert.is(
    hex(bytes),
    '11051CBE991A14' + '0201F0' + '030621408E16BF1F' + '140204B3' + '050110' + '4607441CB6E2E335D6' + '00' + '00',
  );
  assert.is(bytes.length % 4, 0);
  assert.equal(decodeTag(bytes), {
    model: '28560-2',
    primaryItemId: '123456789012',
    ownerLibrary: 'DE-Heu1',
    partsInItem: 12,
    partNumber: 3,
    typeOfUsage: 1,
    other: { contentParameter: [3, 4, 5, 6], shelfLocation: 'QA268.L55' },
  });
});

test('28560-2: a single item carries no set information; alignPrimaryId pads the PII to a block boundary', () => {
  const single = decodeTag(encodeItem({ primaryItemId: '23333000000001', typeOfUsage: 2 }, { model: '28560-2' }));
  assert.equal([single.partsInItem, single.partNumber, single.typeOfUsage], [1, 1, 2]);
  assert.equal(single.other['contentParameter'], [5]);
  const aligned = encodeItem({ primaryItemId: '123456789012' }, { model: '28560-2', alignPrimaryId: true });
  // Annex D.5's PII object: 91 00 05 + 5 bytes = two whole blocks.
  assert.is(hex(aligned.subarray(0, 8)), '9100051CBE991A14');
  const aligned7 = encodeItem({ primaryItemId: '1234' }, { model: '28560-2', alignPrimaryId: true, blockSize: 8 });
  assert.is(hex(aligned7.subarray(0, 8)), '91030204D2000000');
  assert.is(decodeTag(aligned7).primaryItemId, '1234');
});

test('refusals: patron card type of usage, item pattern (RegExp, string, config), sizes, ISIL forms', () => {
  assert.is(
    code(() => encodeItem({ primaryItemId: '1', typeOfUsage: 8 }, { model: '28560-2' })),
    'refused',
  );
  assert.is(
    code(() => encodeItem({ primaryItemId: '1', typeOfUsage: 8 }, { model: '28560-3' })),
    'refused',
  );
  assert.is(
    code(() => encodeItem({ primaryItemId: '1', typeOfUsage: 16 }, { model: '28560-2' })),
    'refused',
  );
  assert.is(
    code(() => encodeItem({ primaryItemId: '' }, { model: '28560-2' })),
    'refused',
  );
  assert.is(
    code(() => encodeItem({ primaryItemId: 'A1' }, { model: '28560-2', itemPattern: /^[0-9]+$/ })),
    'refused',
  );
  assert.is(
    code(() => encodeItem({ primaryItemId: 'A1' }, { model: '28560-2', itemPattern: '^[0-9]+$' })),
    'refused',
  );
  assert.is(
    code(() => encodeItem({ primaryItemId: 'A1' }, { model: '28560-2', itemPattern: '(' })),
    'refused',
  );
  const config = parseConfig({ tags: { itemIdPattern: '^2333[0-9]{10}$' } }).tags;
  assert.is(
    code(() => encodeItem({ primaryItemId: '1234' }, { model: '28560-2', config })),
    'refused',
  );
  assert.is(
    code(() => encodeItem({ primaryItemId: '23333000000001' }, { model: '28560-2', config })),
    'no error',
  );
  assert.is(
    code(() => encodeItem({ primaryItemId: 'X'.repeat(17) }, { model: '28560-3' })),
    'too_large',
  );
  assert.is(
    code(() => encodeItem({ primaryItemId: '1', ownerLibrary: 'NoDash' }, { model: '28560-3' })),
    'refused',
  );
  assert.is(
    code(() => encodeItem({ primaryItemId: '1', partsInItem: 2, partNumber: 3 }, { model: '28560-2' })),
    'refused',
  );
  assert.is(
    code(() => encodeItem({ primaryItemId: '9'.repeat(40) }, { model: '28560-2', blockCount: 4, blockSize: 4 })),
    'too_large',
  );
  assert.is(
    code(() => encodeItem({ primaryItemId: '1' }, { model: 'rfid501' as '28560-2' })),
    'refused',
  );
});

test('only ItemInput fields reach the tag: extra properties (e.g. a patron barcode) are ignored', () => {
  const item = { primaryItemId: '23333000000001', patronBarcode: '21234000012345' } as ItemInput;
  const bytes = encodeItem(item, { model: '28560-2' });
  assert.is(Buffer.from(bytes).includes(Buffer.from('21234000012345')), false);
  assert.equal(Object.keys(decodeTag(bytes).other), ['contentParameter']);
});

test('drivers/factory call shape: encodeItem(item, { model: config.tags.writeModel, config: config.tags })', () => {
  const config = parseConfig({ tags: { isil: 'US-NmCa' } });
  const bytes = encodeItem(
    { primaryItemId: '23333000000001', partsInItem: 1, partNumber: 1, typeOfUsage: 1 },
    { model: config.tags.writeModel, config: config.tags },
  );
  const item = decodeTag(bytes, { dsfid: dsfidFor(config.tags.writeModel) });
  assert.equal([item.model, item.primaryItemId, item.ownerLibrary], ['28560-2', '23333000000001', 'US-NmCa']);
  assert.ok(bytes.length <= 8 * 4, 'fits the kiosk first read');
});

test('dsfidFor, itemKey, DSFID hints and auto-detection of each model', () => {
  assert.is(dsfidFor('28560-2'), 0x06);
  assert.is(dsfidFor('28560-3'), 0x00);
  const two = encodeItem({ primaryItemId: '11223344', ownerLibrary: 'DE-705' }, { model: '28560-2' });
  const three = encodeItem({ primaryItemId: '11223344', ownerLibrary: 'DE-705' }, { model: '28560-3' });
  assert.is(decodeTag(two).model, '28560-2');
  assert.is(decodeTag(three).model, '28560-3');
  assert.is(decodeTag(two, { dsfid: 0x3e }).model, '28560-2');
  // A wrong DSFID hint does not stop auto-detection.
  assert.is(decodeTag(three, { dsfid: 0x06 }).model, '28560-3');
  assert.is(itemKey(decodeTag(two)), itemKey(decodeTag(three)));
  const p2 = decodeTag(encodeItem({ primaryItemId: '5', partsInItem: 2, partNumber: 2 }, { model: '28560-2' }));
  assert.is.not(itemKey(p2), itemKey({ ...p2, partNumber: 1 }));
  assert.is(
    code(() => decodeTag(two, { model: '28560-3' })),
    'corrupt',
  );
  assert.is(
    code(() => decodeTag(Uint8Array.of(0x42, 0x42, 0x42, 0x42))),
    'unknown_model',
  );
});

test('a 28560-2 record cut short is corrupt (the kiosk then reads the whole memory), never blank', () => {
  const full = encodeItem(
    { primaryItemId: '23333000000001', ownerLibrary: 'US-NmCa', shelfLocation: 'QA268.L55' },
    {
      model: '28560-2',
    },
  );
  assert.ok(full.length > 16);
  // Inside the PII, inside the content parameter, right after it (owner announced, absent), inside the ISIL.
  for (const cut of [4, 10, 11, 14])
    assert.is(
      code(() => decodeTag(full.subarray(0, cut))),
      'corrupt',
      `cut ${cut}`,
    );
  // Cut right after the PII object: nothing says more follows; the identifier itself is whole.
  assert.is(decodeTag(full.subarray(0, 8)).primaryItemId, '23333000000001');
});

test.run();
