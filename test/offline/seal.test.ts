import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPublicKey } from 'node:crypto';
import {
  generateLibraryKeyPair,
  loadPrivateKey,
  loadPublicKey,
  openAsStaff,
  ProcessKey,
  sealToStaff,
} from '../../src/offline/seal.ts';
import { isSelfcheckError } from '../../src/errors.ts';

const pair = generateLibraryKeyPair();
const pub = loadPublicKey(pair.publicPem);
const priv = loadPrivateKey(pair.privatePem);
const aad = Buffer.from('tx-1');

test('staff seal opens with the library private key only', () => {
  const box = sealToStaff(pub, Buffer.from('patron 23333000000001'), aad);
  assert.is(openAsStaff(priv, box, aad).toString(), 'patron 23333000000001');
  const other = loadPrivateKey(generateLibraryKeyPair().privatePem);
  assert.throws(
    () => openAsStaff(other, box, aad),
    (e: unknown) => isSelfcheckError(e, 'offline', 'unseal_failed'),
  );
});

test('the seal binds the transaction id and detects tampering', () => {
  const box = sealToStaff(pub, Buffer.from('x'), aad);
  assert.throws(() => openAsStaff(priv, box, Buffer.from('tx-2')));
  const ct = Buffer.from(box.ct, 'base64');
  ct[0] = ct[0]! ^ 1;
  assert.throws(() => openAsStaff(priv, { ...box, ct: ct.toString('base64') }, aad));
});

test('each seal uses a fresh ephemeral key and IV', () => {
  const a = sealToStaff(pub, Buffer.from('same'), aad);
  const b = sealToStaff(pub, Buffer.from('same'), aad);
  assert.is.not(a.epk, b.epk);
  assert.is.not(a.ct, b.ct);
});

test('a process key opens only its own boxes', () => {
  const k1 = new ProcessKey();
  const k2 = new ProcessKey();
  const box = k1.seal(Buffer.from('secret'), aad);
  assert.is(k1.open(box, aad).toString(), 'secret');
  assert.throws(() => k2.open(box, aad));
  assert.is.not(k1.id, k2.id);
});

test('wrong key types are typed errors', () => {
  const ed = createPublicKey(generateLibraryKeyPair().publicPem); // fine, x25519
  assert.ok(ed);
  assert.throws(
    () => loadPublicKey('not a key'),
    (e: unknown) => isSelfcheckError(e, 'offline', 'bad_key'),
  );
  assert.throws(
    () => loadPrivateKey(pair.publicPem),
    (e: unknown) => isSelfcheckError(e, 'offline', 'bad_key'),
  );
});

test.run();
