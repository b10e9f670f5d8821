// The kiosk page in headless Chromium against the HTTP layer with a scripted view source (the real
// service needs src/tags, still being written): each screen rendered, axe-core WCAG 2.2 AA clean, screenshotted
// into test-output/e2e/, the keypad posts the value in the body, and nothing lands in browser storage.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EventEmitter } from 'node:events';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, type TestBrowser, axeViolations } from '../helpers/browser.ts';
import { createApp, finishApp } from '../../src/server/app.ts';
import { kioskRouter, type KioskPort } from '../../src/server/kiosk-routes.ts';
import type { KioskAction, KioskView } from '../../src/roles/kiosk/view.ts';

const OUT = path.resolve('test-output/e2e');
const CARD = '23333000000001';
const PIN = '4321';
const NAME = 'Rosalind';

class ScriptedKiosk extends EventEmitter implements KioskPort {
  actions: KioskAction[] = [];
  v: KioskView = {
    seq: 1,
    screen: 'attract',
    mode: 'checkout',
    language: 'en',
    languages: ['en', 'es'],
    returnsButton: true,
    requirePin: true,
    ilsOnline: true,
    items: [],
    itemsPending: 0,
  };
  view(): KioskView {
    return this.v;
  }
  set(p: Partial<KioskView>): void {
    this.v = { ...this.v, ...p, seq: this.v.seq + 1 };
    this.emit('view', this.v);
  }
  async dispatch(a: KioskAction): Promise<void> {
    this.actions.push(a);
    if (a.type === 'start') this.set({ screen: 'language' });
    else if (a.type === 'language') this.set({ screen: 'identify', language: a.language });
    else if (a.type === 'card') this.set({ screen: 'pin' });
    else if (a.type === 'pin' && a.value === PIN)
      this.set({
        screen: 'items',
        patron: {
          firstName: NAME,
          holdsReady: 1,
          overdue: 0,
          fines: { amount: '2.50', currency: 'USD' },
          accountAvailable: true,
        },
      });
    else if (a.type === 'pin') this.set({ message: { key: 'patron.wrongPin' } });
    else if (a.type === 'dismiss') this.set({ message: undefined });
  }
}

let ctx: BrowserContext;
let page: Page;
let server: Server;
let base = '';
let browser: TestBrowser | undefined;
const kiosk = new ScriptedKiosk();

async function axe(name: string): Promise<void> {
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
  // Evaluated through the DevTools protocol: the page's CSP rightly forbids inline scripts.
  assert.equal(await axeViolations(page), [], `${name}: axe violations`);
}

test.before(async () => {
  await mkdir(OUT, { recursive: true });
  const app = createApp();
  app.use(
    '/api/kiosk',
    kioskRouter(() => kiosk),
  );
  finishApp(app, path.resolve('kiosk-ui'));
  server = await new Promise<Server>((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser(5000);
  ({ ctx, page } = browser);
});

test.after(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

test('attract → language → identify → wrong PIN → items, each screen axe-clean', async () => {
  await page.goto(base + '/');
  await page.getByRole('button', { name: /Touch to start/ }).waitFor();
  await axe('01-attract');
  await page.getByRole('button', { name: /Touch to start/ }).click();
  await page.getByRole('button', { name: 'Español' }).waitFor();
  await axe('02-language');
  await page.getByRole('button', { name: 'Español' }).click();
  await page.locator('h1', { hasText: 'carné' }).waitFor();
  assert.is(await page.evaluate(() => document.documentElement.lang), 'es');
  await axe('03-identify-es');
  await page.keyboard.type(CARD);
  assert.is(await page.locator('#kp-display').textContent(), CARD);
  await page.locator('.keypad .primary').click();
  await page.locator('h1', { hasText: 'PIN' }).waitFor();
  for (const d of '9999') await page.getByRole('button', { name: d, exact: true }).click();
  assert.is(await page.locator('#kp-display').textContent(), '••••');
  await page.locator('.keypad .primary').click();
  await page.getByRole('alert').waitFor();
  assert.match((await page.getByRole('alert').textContent()) ?? '', /PIN no es correcto/);
  await axe('04-wrong-pin-es');
  for (const d of PIN) await page.getByRole('button', { name: d, exact: true }).click();
  assert.not.ok(((await page.content()) ?? '').includes(PIN));
  await page.locator('.keypad .primary').click();
  await page.locator('h1', { hasText: `Hola, ${NAME}` }).waitFor();
  kiosk.set({
    items: [
      {
        key: 'r1',
        state: 'ok',
        action: 'checkout',
        title: 'Cien años de soledad',
        message: { key: 'item.checkedOut', params: { dueDate: '2026-12-19' } },
      },
      {
        key: 'r2',
        state: 'staff',
        message: { key: 'item.setIncomplete', params: { parts: 2, present: 1 } },
        seeStaff: true,
      },
    ],
  });
  await page.locator('#items li').nth(1).waitFor();
  assert.match((await page.locator('#items').textContent()) ?? '', /19 de diciembre de 2026/);
  await axe('05-items-es');
  kiosk.set({ warning: { endsAt: Date.now() + 20_000, seconds: 20 } });
  await page.getByRole('button', { name: 'Más tiempo' }).waitFor();
  await axe('06-warning-es');
  const sent = kiosk.actions.filter((a) => a.type !== 'activity');
  assert.equal(
    sent.map((a) => a.type),
    ['start', 'language', 'card', 'pin', 'pin'],
  );
  assert.equal(sent[2], { type: 'card', value: CARD });
  assert.equal(sent[4], { type: 'pin', value: PIN });
  kiosk.set({ screen: 'attract', patron: undefined, items: [], warning: undefined, language: 'en' });
  await page.getByRole('button', { name: /Touch to start/ }).waitFor();
  const dom = await page.content();
  for (const s of [CARD, NAME, 'Cien años']) assert.not.ok(dom.includes(s), `DOM still holds ${s}`);
});

test('no patron data in browser storage, cookies or URL', async () => {
  const st = await page.evaluate(async () => ({
    ls: JSON.stringify({ ...localStorage }),
    ss: JSON.stringify({ ...sessionStorage }),
    caches: (await caches.keys()).length,
    idb: (await indexedDB.databases()).length,
    url: location.href,
  }));
  const cookies = JSON.stringify(await ctx.cookies());
  for (const s of [CARD, PIN, NAME]) for (const v of [st.ls, st.ss, st.url, cookies]) assert.not.ok(v.includes(s));
  assert.is(st.caches, 0);
  assert.is(st.idb, 0);
});

test.run();
