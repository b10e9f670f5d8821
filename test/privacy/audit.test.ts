import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/index.ts';
import { buildReport } from '../../src/privacy/audit.ts';
import { listeningAddresses, checkLoopback, checkSip2Transport, checkSystemdUnit } from '../../src/privacy/checks.ts';
import { scanTree } from '../../src/privacy/scan.ts';
import { dataElements } from '../../src/privacy/elements.ts';

const schema = JSON.parse(
  (await import('node:fs')).readFileSync(new URL('../vectors/privacy-inventory.schema.json', import.meta.url), 'utf8'),
);

function cfgWith(dataDir: string, extra: Record<string, unknown> = {}) {
  return parseConfig({ general: { dataDir }, ...extra });
}

test('the inventory has the schema shape: required keys and closed enums', () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-'));
  const r = buildReport(cfgWith(dir), { procNet: [] });
  for (const k of schema.required) assert.ok(k in r, k);
  const el = schema.properties.data_elements.items;
  for (const e of r.data_elements) {
    for (const k of el.required) assert.ok(k in e, `${e.id}.${k}`);
    assert.ok(el.properties.classification.enum.includes(e.classification), e.id);
    assert.match(e.id, new RegExp(el.properties.id.pattern));
    for (const a of e.appears_in) assert.ok(el.properties.appears_in.items.enum.includes(a), `${e.id} ${a}`);
    for (const w of e.where) assert.ok(el.properties.where.items.properties.medium.enum.includes(w.medium), e.id);
  }
  assert.match(r.device.config_hash, /^sha256:[0-9a-f]{64}$/);
});

test('every circulation link on disk is encrypted and has a retention limit (CI rule, kiosk notes §6)', () => {
  for (const e of dataElements.filter(
    (x) => x.classification === 'circulation_link' && x.where.some((w) => w.medium === 'disk'),
  )) {
    assert.ok(/AES|X25519/.test(e.encryption.at_rest), e.id);
    assert.ok(e.retention.max !== 'session' && /^P/.test(e.retention.max), e.id);
  }
});

test('a clean data directory passes; a card number or SIP2 patron field in a file fails', () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-'));
  writeFileSync(
    join(dir, 'stats.json'),
    JSON.stringify({ version: 1, hours: { [new Date().toISOString().slice(0, 13)]: { checkouts_ok: 3 } } }),
  );
  let r = buildReport(cfgWith(dir), { procNet: [] });
  assert.is(r.controls.find((c) => c.id === 'data_dir_no_patron_data')?.result, 'pass');
  writeFileSync(join(dir, 'leak.log'), 'checkout for 23333000000001\n');
  mkdirSync(join(dir, 'x'));
  writeFileSync(join(dir, 'x', 'wire.txt'), '63001AOlib|AAJANE|AD1234|\n');
  r = buildReport(cfgWith(dir), { procNet: [] });
  const c = r.controls.find((x) => x.id === 'data_dir_no_patron_data')!;
  assert.is(c.result, 'fail');
  assert.equal(
    scanTree(dir, /(?<![0-9])2[0-9]{13}(?![0-9])/)
      .map((f) => f.kind)
      .sort(),
    ['SIP2 patron field', 'patron id pattern'],
  );
});

test('loopback check reads listening sockets', () => {
  const header = '  sl  local_address rem_address   st\n';
  const lo = `${header}   0: 0100007F:1F90 00000000:0000 0A\n`;
  const any = `${header}   0: 00000000:1F90 00000000:0000 0A\n`;
  assert.equal(listeningAddresses(8080, [lo]), ['0100007F']);
  const cfg = parseConfig({ http: { port: 8080 } });
  assert.is(checkLoopback(cfg, { procNet: [lo] }).result, 'pass');
  assert.is(checkLoopback(cfg, { procNet: [any] }).result, 'fail');
  assert.is(checkLoopback(parseConfig({ http: { host: '0.0.0.0' } }), { procNet: [] }).result, 'fail');
});

test('SIP2 must be TLS with verification, or a loopback tunnel', () => {
  assert.is(checkSip2Transport(parseConfig({})).result, 'pass');
  assert.is(checkSip2Transport(parseConfig({ sip2: { mode: 'remote', host: 'ils.example.org' } })).result, 'fail');
  assert.is(
    checkSip2Transport(parseConfig({ sip2: { mode: 'remote', host: 'ils.example.org', tls: { enabled: true } } }))
      .result,
    'pass',
  );
  assert.is(
    checkSip2Transport(
      parseConfig({
        sip2: { mode: 'remote', host: 'ils.example.org', tls: { enabled: true, rejectUnauthorized: false } },
      }),
    ).result,
    'fail',
  );
  assert.is(checkSip2Transport(parseConfig({ sip2: { mode: 'remote', host: '127.0.0.1' } })).result, 'pass');
});

test('retention: an offline entry older than the limit fails the check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-'));
  mkdirSync(join(dir, 'offline'));
  const f = join(dir, 'offline', '11111111-1111-1111-1111-111111111111.json');
  writeFileSync(
    f,
    JSON.stringify({
      v: 1,
      txId: '11111111-1111-1111-1111-111111111111',
      createdAt: '',
      state: 'queued',
      keyId: 'k',
      local: {},
      staff: {},
    }),
  );
  const old = new Date(Date.now() - 40 * 86_400_000);
  utimesSync(f, old, old);
  const r = buildReport(cfgWith(dir), { procNet: [] });
  assert.is(r.controls.find((c) => c.id === 'retention_offline')?.result, 'fail');
  assert.is(r.controls.find((c) => c.id === 'offline_queue_drained')?.result, 'fail');
  assert.is(r.controls.find((c) => c.id === 'data_dir_no_patron_data')?.result, 'pass');
});

test('the shipped unit passes the systemd check', () => {
  const c = checkSystemdUnit({ unitPath: new URL('../../systemd/selfcheck.service', import.meta.url).pathname });
  assert.is(c.result, 'pass', c.evidence);
});

test.run();
