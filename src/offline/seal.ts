/**
 * The two seals on an offline transaction (ARCHITECTURE.md invariant 1's one exception):
 *  - `local`: AES-256-GCM under a key that exists only in this process's memory, so the running station can forward
 *    the entry itself when the ILS returns; after a restart it is unreadable by anyone;
 *  - `staff`: ECIES to the library's X25519 public key (ephemeral X25519 ECDH, HKDF-SHA256, AES-256-GCM), so after a
 *    reboot only staff holding the private key can recover it, on a staff machine.
 * The station never holds the private key: nothing on its disk can be read back into patron IDs by the station itself.
 * Node's crypto (OpenSSL) provides every primitive; nothing is hand-rolled.
 */
import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { SelfcheckError } from '../errors.ts';

export interface GcmBox {
  iv: string;
  ct: string;
  tag: string;
}

export interface StaffBox extends GcmBox {
  /** Ephemeral X25519 public key, base64 (raw 32 bytes). */
  epk: string;
}

const INFO = Buffer.from('selfcheck-offline-v1');

function gcmSeal(key: Buffer, plaintext: Buffer, aad: Buffer): GcmBox {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(aad);
  const ct = Buffer.concat([c.update(plaintext), c.final()]);
  return { iv: iv.toString('base64'), ct: ct.toString('base64'), tag: c.getAuthTag().toString('base64') };
}

function gcmOpen(key: Buffer, box: GcmBox, aad: Buffer): Buffer {
  try {
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(box.iv, 'base64'));
    d.setAAD(aad);
    d.setAuthTag(Buffer.from(box.tag, 'base64'));
    return Buffer.concat([d.update(Buffer.from(box.ct, 'base64')), d.final()]);
  } catch (err) {
    throw new SelfcheckError(
      'offline',
      'unseal_failed',
      'sealed entry does not open with this key (wrong key or tampered)',
      {},
      { cause: err },
    );
  }
}

/** The in-memory key of this process run. Its id (not secret) tells which entries this run can open. */
export class ProcessKey {
  readonly id = randomBytes(8).toString('hex');
  readonly #key = randomBytes(32);

  seal(plaintext: Buffer, aad: Buffer): GcmBox {
    return gcmSeal(this.#key, plaintext, aad);
  }

  open(box: GcmBox, aad: Buffer): Buffer {
    return gcmOpen(this.#key, box, aad);
  }
}

function rawX25519(pub: KeyObject): Buffer {
  const jwk = pub.export({ format: 'jwk' });
  if (!jwk.x) throw new SelfcheckError('offline', 'bad_key', 'not an X25519 public key');
  return Buffer.from(jwk.x, 'base64url');
}

function deriveKey(shared: Buffer, epk: Buffer, recipient: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([epk, recipient]), INFO, 32));
}

export function loadPublicKey(pem: string): KeyObject {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'x25519') throw new Error(`key type ${key.asymmetricKeyType}`);
    return key;
  } catch (err) {
    throw new SelfcheckError(
      'offline',
      'bad_key',
      'offline.publicKeyFile must hold an X25519 public key (PEM)',
      {},
      { cause: err },
    );
  }
}

export function loadPrivateKey(pem: string): KeyObject {
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'x25519') throw new Error(`key type ${key.asymmetricKeyType}`);
    return key;
  } catch (err) {
    throw new SelfcheckError(
      'offline',
      'bad_key',
      'the recovery key must be an X25519 private key (PEM)',
      {},
      { cause: err },
    );
  }
}

export function sealToStaff(publicKey: KeyObject, plaintext: Buffer, aad: Buffer): StaffBox {
  const eph = generateKeyPairSync('x25519');
  const shared = diffieHellman({ privateKey: eph.privateKey, publicKey });
  const epk = rawX25519(eph.publicKey);
  const box = gcmSeal(deriveKey(shared, epk, rawX25519(publicKey)), plaintext, aad);
  return { ...box, epk: epk.toString('base64') };
}

export function openAsStaff(privateKey: KeyObject, box: StaffBox, aad: Buffer): Buffer {
  const epkRaw = Buffer.from(box.epk, 'base64');
  const epk = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: epkRaw.toString('base64url') }, format: 'jwk' });
  const shared = diffieHellman({ privateKey, publicKey: epk });
  return gcmOpen(deriveKey(shared, epkRaw, rawX25519(createPublicKey(privateKey))), box, aad);
}

export function generateLibraryKeyPair(): { publicPem: string; privatePem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return {
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
