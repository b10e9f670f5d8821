// The UI contract's input side: every KioskAction the UI may send parses; anything else is a typed
// KioskError('bad_action') that never echoes the body (it may hold a card number or PIN).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isKioskError, parseKioskAction } from '../../src/roles/kiosk/actions.ts';
import { ACTION_TYPES, MESSAGE_KEYS } from '../../src/roles/kiosk/view.ts';

test('every action type parses', () => {
  const samples: Record<(typeof ACTION_TYPES)[number], unknown> = {
    start: { type: 'start' },
    startReturns: { type: 'startReturns' },
    language: { type: 'language', language: 'es' },
    card: { type: 'card', value: '23333000000001' },
    pin: { type: 'pin', value: '1234' },
    openAccount: { type: 'openAccount' },
    closeAccount: { type: 'closeAccount' },
    done: { type: 'done' },
    receipt: { type: 'receipt', choice: 'print' },
    moreTime: { type: 'moreTime' },
    dismiss: { type: 'dismiss' },
    cancel: { type: 'cancel' },
    activity: { type: 'activity' },
  };
  for (const t of ACTION_TYPES) assert.equal(parseKioskAction(samples[t]), samples[t]);
});

test('bad bodies are typed errors that do not echo values', () => {
  for (const body of [
    null,
    'start',
    { type: 'nope' },
    { type: 'language', language: 'fr' },
    { type: 'card', value: '' },
    { type: 'card', value: '1'.repeat(33) },
    { type: 'pin', value: '12\n34' },
    { type: 'start', extra: 1 },
    { type: 'receipt', choice: 'fax' },
  ]) {
    let err: unknown;
    try {
      parseKioskAction(body);
    } catch (e) {
      err = e;
    }
    assert.ok(isKioskError(err, 'bad_action'), JSON.stringify(body));
  }
  try {
    parseKioskAction({ type: 'pin', value: '98765\u0000' });
  } catch (e) {
    assert.not.ok(String((e as Error).message).includes('98765'));
    assert.not.ok(JSON.stringify((e as { info?: unknown }).info).includes('98765'));
  }
});

test('message keys are unique dotted names with their params listed', () => {
  for (const [k, params] of Object.entries(MESSAGE_KEYS)) {
    assert.match(k, /^[a-z]+\.[A-Za-z]+$/);
    assert.ok(Array.isArray(params));
  }
});

test.run();
