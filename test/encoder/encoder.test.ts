// The encoder against an in-memory reader (the simulator's SimReader is exercised in the RFID tests).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EventEmitter } from 'node:events';
import { encodeOnTag, reencodeLegacy, type EncoderDeps } from '../../src/roles/encoder/encoder.ts';
import { ReaderError, type Reader } from '../../src/rfid/reader.ts';
import { TagError, type ItemData, type ItemInput } from '../../src/tags/types.ts';

/** A tag memory with per-block locks; a toy codec that writes "ID|parts|part" (the real codecs have their own tests). */
class MemReader extends EventEmitter {
  readonly driver = 'mem';
  tags = new Map<string, { mem: Uint8Array; locked: Set<number>; dsfid: number; afi: number }>();
  failWrites = 0;
  locks: number[] = [];
  addTag(uid: string, mem = new Uint8Array(112)) {
    this.tags.set(uid, { mem, locked: new Set(), dsfid: 0, afi: 0 });
  }
  async inventory() {
    return [...this.tags.keys()].map((uid) => ({ uid, dsfid: 0 }));
  }
  private tag(uid: string) {
    const t = this.tags.get(uid);
    if (!t) throw new ReaderError('no_tag', 'gone');
    return t;
  }
  async systemInfo(uid: string) {
    return { uid, dsfid: this.tag(uid).dsfid, blockSize: 4, blockCount: 28 };
  }
  async readBlocks(uid: string, first: number, count: number) {
    return this.tag(uid).mem.slice(first * 4, (first + count) * 4);
  }
  async writeBlocks(uid: string, first: number, data: Uint8Array) {
    const t = this.tag(uid);
    for (let b = 0; b < data.length / 4; b++)
      if (t.locked.has(first + b)) throw new ReaderError('tag_error', 'locked', { tagError: 0x12 });
    if (this.failWrites-- > 0) throw new ReaderError('timeout', 'no answer');
    t.mem.set(data, first * 4);
  }
  async writeDsfid(uid: string, dsfid: number) {
    this.tag(uid).dsfid = dsfid;
  }
  async lockBlock(uid: string, block: number) {
    this.tag(uid).locked.add(block);
    this.locks.push(block);
  }
}

const enc = (input: ItemInput) => {
  const text = `${input.primaryItemId}|${input.partsInItem ?? 1}|${input.partNumber ?? 1}|${input.ownerLibrary ?? ''}`;
  const bytes = new Uint8Array(Math.ceil(text.length / 4) * 4);
  bytes.set(Buffer.from(text));
  return { bytes, dsfid: 0x06 };
};
const dec = (bytes: Uint8Array): ItemData => {
  if (bytes.every((b) => b === 0)) throw new TagError('blank', 'blank');
  const text = Buffer.from(bytes).toString().replace(/\0+$/, '');
  if (text.startsWith('3M:'))
    return {
      model: 'rfid501',
      primaryItemId: text.slice(3),
      ownerLibrary: undefined,
      partsInItem: 1,
      partNumber: 1,
      typeOfUsage: 1,
      other: {},
    };
  const [id, parts, part, isil] = text.split('|');
  return {
    model: '28560-2',
    primaryItemId: id!,
    ownerLibrary: isil || undefined,
    partsInItem: Number(parts),
    partNumber: Number(part),
    typeOfUsage: 1,
    other: {},
  };
};

function setup(over: Partial<EncoderDeps> = {}) {
  const reader = new MemReader();
  const secured: string[] = [];
  const deps: EncoderDeps = {
    reader: reader as unknown as Reader,
    decode: dec,
    encode: enc,
    secure: async (_r, uid) => (secured.push(uid), { ok: true }),
    itemIdPattern: /^3\d{13}$/,
    cardPatterns: [/^2\d{13}$/, /^STAFF/],
    lockItemBlocks: false,
    isil: 'US-NmCa',
    writeRetries: 2,
    ...over,
  };
  return { reader, deps, secured };
}

test('encodes a blank tag, secures it and verifies it', async () => {
  const { reader, deps, secured } = setup();
  reader.addTag('E0040150AAAA0001');
  const r = await encodeOnTag(deps, { primaryItemId: '31234000000011' });
  assert.ok(r.ok, JSON.stringify(r));
  if (r.ok) assert.equal([r.item.primaryItemId, r.item.ownerLibrary], ['31234000000011', 'US-NmCa']);
  assert.equal(secured, ['E0040150AAAA0001']);
  assert.is(reader.tags.get('E0040150AAAA0001')!.dsfid, 0x06);
});

test('refuses patron and staff cards, bad item IDs and the patron-card usage type', async () => {
  const { reader, deps } = setup();
  reader.addTag('T1');
  for (const input of [
    { primaryItemId: '23333000000001' },
    { primaryItemId: 'STAFF0001' },
    { primaryItemId: 'abc' },
    { primaryItemId: '31234000000011', typeOfUsage: 8 },
  ]) {
    const r = await encodeOnTag(deps, input);
    assert.is(r.ok ? 'ok' : r.reason, 'refused', input.primaryItemId);
  }
  assert.ok(
    reader.tags.get('T1')!.mem.every((b) => b === 0),
    'nothing was written',
  );
});

test('needs exactly one tag on the pad', async () => {
  const { reader, deps } = setup();
  let r = await encodeOnTag(deps, { primaryItemId: '31234000000011' });
  assert.is(!r.ok && r.reason, 'no_tag');
  reader.addTag('A');
  reader.addTag('B');
  r = await encodeOnTag(deps, { primaryItemId: '31234000000011' });
  assert.is(!r.ok && r.reason, 'several_tags');
});

test('a tag with data is refused unless staff confirm the overwrite', async () => {
  const { reader, deps } = setup();
  reader.addTag('A');
  await encodeOnTag(deps, { primaryItemId: '31234000000011' });
  let r = await encodeOnTag(deps, { primaryItemId: '31234000000012' });
  assert.is(!r.ok && r.reason, 'not_blank');
  assert.is(!r.ok && r.existing?.primaryItemId, '31234000000011');
  r = await encodeOnTag(deps, { primaryItemId: '31234000000012' }, { overwrite: true });
  assert.ok(r.ok && r.item.primaryItemId === '31234000000012');
});

test('sets: each part gets its own tag with its part number; locking when configured', async () => {
  const { reader, deps } = setup({ lockItemBlocks: true });
  reader.addTag('A');
  const r = await encodeOnTag(deps, { primaryItemId: '31234000000025', partsInItem: 2, partNumber: 2 });
  assert.ok(r.ok && r.item.partNumber === 2 && r.item.partsInItem === 2 && r.locked);
  assert.ok(reader.locks.length > 0);
  const again = await encodeOnTag(deps, { primaryItemId: '31234000000011' }, { overwrite: true });
  assert.is(!again.ok && again.reason, 'locked');
  const bad = await encodeOnTag(deps, { primaryItemId: '31234000000025', partsInItem: 2, partNumber: 3 });
  assert.is(!bad.ok && bad.reason, 'refused');
});

test('write failures are retried, then reported', async () => {
  const { reader, deps } = setup();
  reader.addTag('A');
  reader.failWrites = 2;
  assert.ok((await encodeOnTag(deps, { primaryItemId: '31234000000011' })).ok);
  reader.failWrites = 10;
  const r = await encodeOnTag(deps, { primaryItemId: '31234000000012' }, { overwrite: true });
  assert.is(!r.ok && r.reason, 'write_failed');
});

test('a legacy 3M tag is re-encoded in the new model with the same item ID', async () => {
  const { reader, deps } = setup();
  const mem = new Uint8Array(112);
  mem.set(Buffer.from('3M:31234000000014'));
  reader.addTag('A', mem);
  const r = await reencodeLegacy(deps);
  assert.ok(r.ok && r.item.model === '28560-2' && r.item.primaryItemId === '31234000000014', JSON.stringify(r));
});

test('an item the codec refuses or that does not fit is refused before any write', async () => {
  const { reader, deps, secured } = setup({
    encode: () => {
      throw new TagError('too_large', 'the item data does not fit the tag');
    },
  });
  reader.addTag('E0040150AAAA0009');
  const r = await encodeOnTag(deps, { primaryItemId: '31234000000011' });
  assert.equal(r.ok ? 'ok' : [r.reason, r.detail], ['refused', 'the item data does not fit the tag']);
  assert.ok(reader.tags.get('E0040150AAAA0009')!.mem.every((b) => b === 0));
  assert.equal(secured, []);
});

test('a tag that does not decode after writing fails verification', async () => {
  let calls = 0;
  const { reader, deps } = setup({
    decode: (b) => {
      if (calls++ > 0 || b.some((x) => x !== 0)) throw new TagError('corrupt', 'bad CRC');
      return dec(b);
    },
  });
  reader.addTag('E0040150AAAA000A');
  const r = await encodeOnTag(deps, { primaryItemId: '31234000000011' });
  assert.equal(r.ok ? 'ok' : r.reason, 'verify_failed');
});

test.run();
