/**
 * The gate status page in headless Chromium against the real gate routes on a simulated gate (virtual air clock,
 * so the day is 1970-01-01 and the alarm at 00:00:00 UTC; the browser runs with TZ=UTC): it opens in the station's
 * default language or ?lang=, switches with the language buttons (html lang, aria-pressed, the address), formats
 * dates, times and counts for the language, announces alarms in an assertive live region, passes axe-core WCAG 2.2
 * AA in both languages, and shows no item ID or tag UID, whether or not the library records alarmed item IDs.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser, axeViolations } from '../helpers/browser.ts';
import { createApp, finishApp } from '../../src/server/app.ts';
import { gateRouter } from '../../src/roles/gate/routes.ts';
import type { ConfigInput } from '../../src/config/index.ts';
import { LIGHT, rig, tag, type GateRig } from './helpers.ts';

// Chromium inherits the environment: a fixed zone makes the formatted times exact.
process.env['TZ'] = 'UTC';
const UI = path.resolve('kiosk-ui');
const ITEM = 'ITEM-7731';
const es = JSON.parse(await readFile(path.join(UI, 'i18n/gate/es.json'), 'utf8')) as Record<string, string>;
const en = JSON.parse(await readFile(path.join(UI, 'i18n/gate/en.json'), 'utf8')) as Record<string, string>;

let browser: TestBrowser;
let page: Page;

interface Station {
  r: GateRig;
  base: string;
  server: Server;
}

/** A gate whose alarmed tags carry ITEM in memory, with a decoder: the item ID exists in the station. */
async function station(input: ConfigInput): Promise<Station> {
  const r = await rig(input, {
    deps: {
      decode: (bytes) => new TextDecoder().decode(bytes).replace(/\0+$/, ''),
      ils: { itemInfo: () => Promise.resolve({ circulationStatus: '03' }) } as never,
    },
  });
  const app = createApp();
  app.use('/api/gate', gateRouter(r.gate, 50));
  finishApp(app, UI);
  const server = await new Promise<Server>((res) => {
    const s = app.listen(0, '127.0.0.1', () => res(s));
  });
  return { r, server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function stop(s: Station): Promise<void> {
  s.r.gate.close();
  s.server.closeAllConnections();
  await new Promise<void>((res) => s.server.close(() => res()));
}

const text = (sel: string) => page.locator(sel).textContent();

async function axe(): Promise<void> {
  // Evaluated through the DevTools protocol: the page's CSP rightly forbids inline scripts.
  assert.equal(await axeViolations(page), [], 'axe violations');
}

/** A secured tag holding ITEM enters; one probe finds it (the item is read between probes when wanted). */
async function alarm(s: Station): Promise<string> {
  const t = tag(0x07, { data: new TextEncoder().encode(ITEM.padEnd(112, '\0')) });
  s.r.field.addTag(t);
  s.r.gate.probed(await s.r.gate.poller.probe(1));
  await s.r.gate.poller.cycle(); // runs the queued item read and the ILS check
  assert.is(s.r.gpio.outputValue(LIGHT), 1);
  return t.uid;
}

test.before(async () => {
  browser = await launchBrowser(8000);
  page = browser.page;
});

test.after(async () => {
  await browser?.close();
});

test("opens in the station's default language (es): html lang, strings, dates and counts for es", async () => {
  const s = await station({ general: { defaultLanguage: 'es' } });
  try {
    await page.goto(`${s.base}/gate.html`);
    await page.locator('h1', { hasText: es['title']! }).waitFor();
    assert.is(await page.evaluate(() => document.documentElement.lang), 'es');
    assert.is(await page.title(), es['title']);
    assert.is(await text('#alarm'), es['alarm.idle']);
    assert.is(await text('#today-h'), 'Hoy, jueves, 1 de enero de 1970');
    assert.is(await text('#fault'), es['reader.ok']);
    assert.is(await text('dt:nth-of-type(2)'), es['today.in']);
    assert.is(await page.getByRole('button', { name: 'Español' }).getAttribute('aria-pressed'), 'true');
    assert.is(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed'), 'false');
    await page.locator('#connection', { hasText: es['conn.live']! }).waitFor();
    await axe();
  } finally {
    await stop(s);
  }
});

test('?lang=en wins over the default; the buttons switch language and keep it in the address', async () => {
  const s = await station({ general: { defaultLanguage: 'es' } });
  try {
    await page.goto(`${s.base}/gate.html?lang=en`);
    await page.locator('h1', { hasText: en['title']! }).waitFor();
    assert.is(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.is(await text('#today-h'), 'Today, Thursday, January 1, 1970');
    assert.is(await text('#setup'), 'Security: AFI; antennas 1; GPIO: sim');
    await axe();
    await page.getByRole('button', { name: 'Español' }).click();
    await page.locator('h1', { hasText: es['title']! }).waitFor();
    assert.is(await page.evaluate(() => document.documentElement.lang), 'es');
    assert.match(page.url(), /[?&]lang=es\b/);
    assert.is(await text('#alarm-h'), es['alarm.heading']);
    assert.is(await text('#setup'), 'Seguridad: AFI; antenas 1; GPIO: sim');
    await page.reload();
    await page.locator('h1', { hasText: es['title']! }).waitFor();
    // An unknown language falls back to the station's default.
    await page.goto(`${s.base}/gate.html?lang=xx`);
    await page.locator('h1', { hasText: es['title']! }).waitFor();
  } finally {
    await stop(s);
  }
});

test('an alarm in Spanish: the assertive live region, the time for es; no item ID or UID (recording off)', async () => {
  const s = await station({ general: { defaultLanguage: 'en' }, gate: { ilsCheck: true, alarmHoldMs: 60_000 } });
  try {
    await page.goto(`${s.base}/gate.html?lang=es`);
    await page.locator('#connection', { hasText: es['conn.live']! }).waitFor();
    const uid = await alarm(s);
    const live = page.locator('#alarm');
    await live.filter({ hasText: es['alarm.alarm']! }).waitFor();
    assert.is(await live.getAttribute('aria-live'), 'assertive');
    assert.is(await live.getAttribute('role'), 'alert');
    assert.match((await live.textContent()) ?? '', /\(desde las 0:00:00\)$/);
    await page.locator('#alarms', { hasText: '1' }).waitFor();
    await page.locator('#check', { hasText: es['check.not_checked_out']! }).waitFor();
    assert.is(await text('#last'), '0:00:00');
    assert.match((await page.locator('#last').getAttribute('datetime')) ?? '', /^1970-01-01T00:00:00/);
    await axe();
    // The station read the item for the ILS check, yet neither the page nor its data carry it.
    assert.is(s.r.records.list()[0]!.items, undefined, 'recording is off');
    const html = await page.content();
    const status = await page.evaluate(async () => (await fetch('/api/gate/status')).text());
    for (const secret of [ITEM, uid]) {
      assert.not.ok(html.includes(secret), `page shows ${secret}`);
      assert.not.ok(status.includes(secret), `status carries ${secret}`);
    }
    await page.getByRole('button', { name: 'English' }).click();
    await live.filter({ hasText: en['alarm.alarm']! }).waitFor();
    assert.match((await live.textContent()) ?? '', /\(since 12:00:00\sAM\)$/);
  } finally {
    await stop(s);
  }
});

test('with alarmed-item recording on, the ID goes to the record on disk only, not to the page', async () => {
  const s = await station({ gate: { keepAlarmedItemIdsDays: 7, alarmHoldMs: 60_000 } });
  try {
    await page.goto(`${s.base}/gate.html`);
    await page.locator('#connection', { hasText: en['conn.live']! }).waitFor();
    const uid = await alarm(s);
    await page.locator('#alarm', { hasText: en['alarm.alarm']! }).waitFor();
    await page.locator('#alarms', { hasText: '1' }).waitFor();
    assert.equal(s.r.records.list()[0]!.items, [{ uid, itemId: ITEM }]);
    const html = await page.content();
    assert.not.ok(html.includes(ITEM) || html.includes(uid), 'no item on the page');
  } finally {
    await stop(s);
  }
});

test.run();
