// sip2-facts.md "Real-world interop quirks", against the codec: each test names its quirk number and source.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  Sip2Framer,
  decodeMessage,
  encodeMessage,
  messageBody,
  parseSipDate,
  type Sip2Encoding,
} from '../../src/sip2/codec/index.ts';
import { toCirculation, toPatronInfo, toPatronStatus, toAcsStatus } from '../../src/sip2/client/results.ts';
import { Exchange } from '../../src/sip2/client/exchange.ts';
import { isSip2Error, Sip2Error } from '../../src/sip2/ils.ts';

const enc = (s: string, e: BufferEncoding = 'utf8') => Buffer.from(s, e);
/** The AZ digits computed here, independently of the codec: 16-bit two's complement of the sum of `units`. */
const az = (units: number[]) =>
  ((0x10000 - (units.reduce((a, b) => a + b, 0) & 0xffff)) & 0xffff).toString(16).toUpperCase().padStart(4, '0');
const bytesOf = (s: string, e: BufferEncoding = 'utf8') => [...Buffer.from(s, e)];
const codePointsOf = (s: string) => [...s].map((c) => c.codePointAt(0)!);

function frames(chunks: Array<Buffer | string>): string[] {
  const out: string[] = [];
  const errs: Sip2Error[] = [];
  const f = new Sip2Framer(
    (b) => out.push(b.toString('latin1')),
    (e) => errs.push(e),
  );
  for (const c of chunks) f.push(typeof c === 'string' ? Buffer.from(c, 'latin1') : c);
  assert.equal(errs, []);
  return out;
}

// Quirk 1: line endings (Koha CRLF by default; php-sip2 sends \r\n; NYPL PR #833 hung on the leftover LF).
test('quirk 1: CR, CRLF and a stray leading LF all frame the same messages', () => {
  const login = '941AY0AZFDFD'; // sip2-facts.md worked example "941AY0AZ" → FDFD
  assert.equal(frames([`${login}\r`, `${login}\r`]), [login, login]);
  assert.equal(frames([`${login}\r\n${login}\r\n`]), [login, login]);
  assert.equal(frames([`\n${login}\r`, '\n', `\n${login}\r`]), [login, login]);
  // CRLF split between TCP chunks: the LF arrives first in the next chunk.
  assert.equal(frames([`${login}\r`, `\n${login}`, '\r']), [login, login]);
  assert.is(decodeMessage(enc(frames([`\n${login}\r\n`])[0]!), 'utf8').checksum, 'valid');
});

test('quirk 1: the encoder writes CR by default and CRLF when the account says so', () => {
  const m = { code: '99', fixed: { statusCode: '0', maxPrintWidth: '000', protocolVersion: '2.00' } };
  // jsip2 SIP2SCStatusRequestTest: 9900002.00|AY0AZFC2D... without the '|' our encoder would not add; the AZ over
  // "9900002.00AY0AZ" is computed here.
  const body = '9900002.00AY0AZ';
  const cr = encodeMessage(m, { encoding: 'utf8', errorDetection: true, sequence: 0 });
  assert.is(cr.toString(), `${body}${az(bytesOf(body))}\r`);
  const crlf = encodeMessage(m, { encoding: 'utf8', errorDetection: true, sequence: 0, terminator: '\r\n' });
  assert.is(crlf.toString(), `${body}${az(bytesOf(body))}\r\n`);
});

// Quirk 2: checksums required by some servers, ignored by others; lowercase hex ([OBS] E6); AZ without AY ([OBS] E10).
test('quirk 2: a message with no AY/AZ decodes with checksum "absent", and encoding without error detection adds none', () => {
  const m = decodeMessage(enc('941'), 'utf8');
  assert.is(m.checksum, 'absent');
  assert.is(m.sequence, undefined);
  assert.is(m.fixed['ok'], '1');
  const out = encodeMessage({ code: '97' }, { encoding: 'utf8', errorDetection: false });
  assert.is(out.toString(), '97\r');
});

test('quirk 2: lower-case hex digits verify; AZ without AY verifies and has no sequence', () => {
  // folio-org/edge-sip2 ParserTests: 9300CNuser_id|COpassw0rd|AY1AZF594 (valid) and …F595 (INVALID).
  assert.is(decodeMessage(enc('9300CNuser_id|COpassw0rd|AY1AZf594'), 'utf8').checksum, 'valid');
  assert.is(decodeMessage(enc('9300CNuser_id|COpassw0rd|AY1AZf595'), 'utf8').checksum, 'invalid');
  // edge-sip2 ScStatusIT 96AZFEF6 and jsip2 SIP2RequestResendTest 97AZFEF5: AZ with no AY.
  for (const v of ['96AZFEF6', '97AZFEF5']) {
    const m = decodeMessage(enc(v), 'utf8');
    assert.is(m.checksum, 'valid', v);
    assert.is(m.sequence, undefined, v);
  }
  const noAy = `941AZ${az(bytesOf('941AZ'))}`;
  assert.is(decodeMessage(enc(noAy), 'utf8').checksum, 'valid');
});

test('quirk 2: an AZ that is not 4 hex digits is a typed malformed error, not a crash', () => {
  for (const bad of ['941AY0AZFDF', '941AY0AZXYZW', '941AY0AZ']) {
    try {
      decodeMessage(enc(bad), 'utf8');
      assert.unreachable(bad);
    } catch (e) {
      assert.ok(isSip2Error(e, 'malformed'), `${bad}: ${String(e)}`);
    }
  }
});

test('quirk 2: 96 from the ACS (it could not read our request) resends the request, bounded; Sirsi-style 96 too', () => {
  const ex = new Exchange({ expect: '24', sequence: 9, errorDetection: true, strictChecksum: true, resendRetries: 2 });
  const r96 = decodeMessage(enc('96AZFEF6'), 'utf8');
  assert.is(ex.onMessage(r96).kind, 'resend_request');
  assert.is(ex.onMessage(r96).kind, 'resend_request');
  const v = ex.onMessage(r96);
  assert.is(v.kind, 'fail');
  if (v.kind === 'fail') assert.is(v.error.code, 'checksum');
});

test('quirk 2: the sequence number wraps 9 → 0 in the encoder (Sirsi answered 96 past 9, SIP2.NET #4)', () => {
  const out = encodeMessage(
    { code: '93', fixed: { uidAlgorithm: '0', pwdAlgorithm: '0' } },
    {
      encoding: 'utf8',
      errorDetection: true,
      sequence: 10,
    },
  );
  assert.match(out.toString(), /AY0AZ[0-9A-F]{4}\r$/);
});

// Quirk 3: checksum over non-ASCII text: bytes (spec, EG today) or code points (php-sip2 #8).
test('quirk 3: an 18 response with a non-ASCII title verifies over bytes, or over code points as a fall-back', () => {
  // Shaped like php-sip2 #8 ("…AJAnam ċara :|…AY3AZE5D1"), whose full text is not in the vectors: the AZ is
  // computed here both ways. ċ is U+010B, two bytes in UTF-8, so the two sums differ.
  const head = '1803020120240101    120000ABit1|AJAnam ċara :|AY3AZ';
  assert.not.equal(az(bytesOf(head)), az(codePointsOf(head)));
  const overBytes = decodeMessage(enc(head + az(bytesOf(head))), 'utf8');
  assert.is(overBytes.checksum, 'valid');
  assert.is(overBytes.checksumBasis, 'bytes');
  assert.is(overBytes.fields['AJ'], 'Anam ċara :');
  const overCodePoints = decodeMessage(enc(head + az(codePointsOf(head))), 'utf8');
  assert.is(overCodePoints.checksum, 'valid');
  assert.is(overCodePoints.checksumBasis, 'codepoints');
  assert.is(overCodePoints.sequence, 3);
  const neither = (parseInt(az(bytesOf(head)), 16) ^ 0x0101).toString(16).toUpperCase().padStart(4, '0');
  assert.is(decodeMessage(enc(head + neither), 'utf8').checksum, 'invalid');
});

test('quirk 3: strict rejection is a policy: strict asks for a resend (97), lenient accepts', () => {
  const bad = decodeMessage(enc('9300CNuser_id|COpassw0rd|AY1AZF595'), 'utf8'); // edge-sip2 INVALID vector
  const bad94 = { ...bad, code: '94', fixed: { ok: '1' } };
  const strict = new Exchange({
    expect: '94',
    sequence: 1,
    errorDetection: true,
    strictChecksum: true,
    resendRetries: 1,
  });
  assert.is(strict.onMessage(bad94).kind, 'send97');
  assert.is(strict.onMessage(bad94).kind, 'fail');
  const lenient = new Exchange({
    expect: '94',
    sequence: 1,
    errorDetection: true,
    strictChecksum: false,
    resendRetries: 1,
  });
  assert.is(lenient.onMessage(bad94).kind, 'resolve');
});

// Quirk 4: character sets per account: CP850 is the spec's default (SIP2.NET #1), latin1 (edge-sip2 examples), UTF-8.
test('quirk 4: accented names in CP850, ISO-8859-1 and UTF-8 encode to their code page bytes and decode back', () => {
  const name = 'María López Ñúñez';
  const msg = {
    code: '24',
    fixed: { patronStatus: ' '.repeat(14), language: '008', transactionDate: '20240101    120000' },
    fields: [
      ['AO', 'TESTLIB'],
      ['AA', '23333000000006'],
      ['AE', name],
    ] as Array<[string, string]>,
  };
  // Code page 850: í A1, ó A2, ú A3, ñ A4, Ñ A5; ISO-8859-1: í ED, ó F3, ú FA, ñ F1, Ñ D1.
  const expectBytes: Record<Sip2Encoding, number[]> = {
    cp850: [0x4d, 0x61, 0x72, 0xa1, 0x61, 0x20, 0x4c, 0xa2, 0x70, 0x65, 0x7a, 0x20, 0xa5, 0xa3, 0xa4, 0x65, 0x7a],
    latin1: [0x4d, 0x61, 0x72, 0xed, 0x61, 0x20, 0x4c, 0xf3, 0x70, 0x65, 0x7a, 0x20, 0xd1, 0xfa, 0xf1, 0x65, 0x7a],
    utf8: bytesOf(name),
  };
  for (const e of ['cp850', 'latin1', 'utf8'] as const) {
    const wire = encodeMessage(msg, { encoding: e, errorDetection: true, sequence: 4 });
    const start = wire.indexOf('AE') + 2;
    assert.equal([...wire.subarray(start, start + expectBytes[e].length)], expectBytes[e], e);
    const back = decodeMessage(wire.subarray(0, -1), e);
    assert.is(back.checksum, 'valid', e);
    assert.is(back.checksumBasis, 'bytes', e);
    assert.is(toPatronStatus(back).personalName, name, e);
  }
});

test('quirk 4: the wrong code page garbles the name but still decodes (checksum over the bytes holds)', () => {
  const wire = encodeMessage(
    {
      code: '24',
      fixed: { patronStatus: ' '.repeat(14), language: '008', transactionDate: '20240101    120000' },
      fields: [['AE', 'María López']],
    },
    { encoding: 'cp850', errorDetection: true, sequence: 1 },
  ).subarray(0, -1);
  const asUtf8 = decodeMessage(wire, 'utf8');
  assert.is(asUtf8.checksum, 'valid');
  assert.is.not(asUtf8.fields['AE'], 'María López');
  const asLatin1 = decodeMessage(wire, 'latin1');
  assert.is(asLatin1.fields['AE'], 'Mar¡a L¢pez'); // A1 and A2 read as ISO-8859-1 (the Norwegian ÆØÅ problem)
});

test('quirk 4: a character CP850 cannot hold is replaced, never crashes the encoder', () => {
  const wire = encodeMessage(
    { code: '17', fixed: { transactionDate: '20240101    120000' }, fields: [['AB', 'x€ċ']] },
    { encoding: 'cp850', errorDetection: false },
  );
  assert.ok(decodeMessage(wire.subarray(0, -1), 'cp850').fields['AB']);
});

// Quirk 5: protocol version 2.0E and a '|' after the 99 fixed fields (SIP2.NET #1).
test('quirk 5: "9900302.0E|AY1AZFC14" (SIP2.NET #1 vector) decodes: version 2.0E, nothing unparsed', () => {
  const m = decodeMessage(enc('9900302.0E|AY1AZFC14'), 'utf8');
  assert.is(m.checksum, 'valid');
  assert.equal(m.fixed, { statusCode: '0', maxPrintWidth: '030', protocolVersion: '2.0E' });
  assert.is(m.unparsed, undefined);
  assert.is(m.sequence, 1);
  // The 98 that followed in that log: a 2.0E ACS status, with a trailing empty AN.
  const s = decodeMessage(enc('98YYYYNN02000320170329    1659432.0EAOlocation|AMlogin|BXYYYYYYYYYYYNNNNN|AN|'), 'utf8');
  const st = toAcsStatus(s);
  assert.is(st.protocolVersion, '2.0E');
  assert.is(st.timeoutPeriod, 20);
  assert.is(st.offlineOk, false);
  assert.is(st.supportedMessages, 'YYYYYYYYYYYNNNNN');
});

// Quirk 6: missing or odd fields.
test('quirk 6: unknown fields are kept (jsip2 hold vector MAbibId), a stray segment is reported, not dropped', () => {
  const m = decodeMessage(
    enc('15+20210814    083455AOinstitutionId|AApatronId|ABitemId|AJtitleId|ACterminalPassword|BOY|MAbibId|AY0AZDCD3'),
    'utf8',
  );
  assert.is(m.checksum, 'valid');
  assert.is(m.fields['MA'], 'bibId');
  const odd = decodeMessage(enc('1720240101    120000AOx|3BSpickup|ABit|'), 'utf8');
  assert.equal(odd.unparsed, ['3BSpickup']);
  assert.is(odd.fields['AB'], 'it');
});

test('quirk 6: missing AO/CQ/BV, control characters in PB (Atriuum), edge-sip2 12 with renewal N and magnetic U', () => {
  const fixed64 = `${' '.repeat(14)}00120240101    120000${'0000'.repeat(6)}`;
  const m = decodeMessage(enc(`64${fixed64}AA23333000000001|AEAna|BLY|PB19\x1f80\x0201|AV|`), 'utf8');
  const info = toPatronInfo(m);
  assert.is(info.valid, true);
  assert.is(info.pinValid, undefined, 'missing CQ is unknown, not false');
  assert.is(info.feeAmount, undefined, 'missing BV is unknown, not zero (quirk 8)');
  assert.equal(info.fineItems, ['']);
  assert.is(m.fields['PB'], '19\x1f80\x0201');
  const c = toCirculation(
    decodeMessage(enc('121NUN20240101    120000AOx|AA1|ABit1|AJ|AH20240122    235900|'), 'utf8'),
    'it1',
  );
  assert.is(c.ok, true);
  assert.is(c.renewalOk, false);
  assert.is(c.magneticMedia, 'U');
  assert.is(c.desensitize, 'N');
  assert.is(c.title, undefined);
  assert.ok(c.dueDateParsed instanceof Date);
});

test('quirk 6: a truncated fixed part or an unknown code is a typed error naming what is wrong', () => {
  for (const [bad, what] of [
    ['6400120240101', 'patronStatus|language|transactionDate|Count'],
    ['XX', 'two digits'],
    ['55abc', 'unknown message code 55'],
    ['94\u00001', 'NUL'],
  ] as const) {
    try {
      decodeMessage(enc(bad), 'utf8');
      assert.unreachable(bad);
    } catch (e) {
      assert.ok(isSip2Error(e, 'malformed'), String(e));
      assert.match((e as Error).message, new RegExp(what));
    }
  }
});

test('"|" inside a value, and CR/LF inside a value, cannot break the framing ([EG] escapes it as &#124;)', () => {
  const body = messageBody({
    code: '17',
    fixed: { transactionDate: '20240101    120000' },
    fields: [
      ['AO', 'A|B'],
      ['AB', 'it\r\nem'],
    ],
  });
  const m = decodeMessage(enc(body), 'utf8');
  assert.equal(Object.keys(m.fields), ['AO', 'AB']);
  assert.is(m.unparsed, undefined);
  assert.not.ok(body.includes('\r') || body.includes('\n'));
  // A value of 300 characters is cut at 255 ([EG] Sip.pm).
  const long = messageBody({
    code: '17',
    fixed: { transactionDate: '20240101    120000' },
    fields: [['AJ', 'x'.repeat(300)]],
  });
  assert.is((decodeMessage(enc(long), 'utf8').fields['AJ'] as string).length, 255);
});

// Quirk 7: no-block transactions and 98's offline-ok flag.
test('quirk 7: 98 offline ok is read from its own position', () => {
  const withOffline = toAcsStatus(
    decodeMessage(enc('98YYYYNY99900320240101    1200002.00AOx|BXYYYYYYYYYYYYYYYY|'), 'utf8'),
  );
  assert.is(withOffline.offlineOk, true);
  assert.is(withOffline.statusUpdateOk, false);
  assert.is(withOffline.timeoutPeriod, 999);
});

// Quirk 8: CK, BV, BW.
test('quirk 8: CK is a 3-digit code, BV a decimal string with BH, BW an 18-character date', () => {
  const c = toCirculation(
    decodeMessage(enc('120NUN20240101    120000AOx|AA1|ABit|AJt|AH|BHUSD|BV1.00|CK001|'), 'utf8'),
    'it',
  );
  assert.is(c.mediaType, '001');
  assert.is(c.feeAmount, '1.00');
  assert.is(c.currency, 'USD');
  const bw = decodeMessage(enc('161020240101    120000BW20240215    235959|BR1|'), 'utf8');
  const d = parseSipDate(bw.fields['BW'] as string)!;
  assert.equal([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours()], [2024, 1, 15, 23]);
  const utc = parseSipDate('20240215   Z235959')!;
  assert.is(utc.toISOString(), '2024-02-15T23:59:59.000Z');
});

test.run();
