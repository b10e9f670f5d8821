// Offline checkout on screen (issue 7), in headless Chromium against the real service: SIP2 to a test ILS that is
// then stopped, offline enabled with card-only identification. The Spanish session shows the limited-checkout
// notice and the offline result; the returns button says returns must wait. Each screen axe-clean, screenshotted.
import { test } from 'uvu';
import { startOfflineKiosk } from '../helpers/offline-kiosk.ts';
import * as assert from 'uvu/assert';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser, axeViolations } from '../helpers/browser.ts';
import { type RunningService } from '../../src/service.ts';
import { TestIlsServer } from '../../src/sip2/testils/server.ts';
import { samplePatrons } from '../../src/testdata/library.ts';
import type { KioskView } from '../../src/roles/kiosk/view.ts';

const OUT = path.resolve('test-output/e2e/offline');
const MARIA = samplePatrons[5]!;
let dir = '';
let browser: TestBrowser | undefined;
let ils: TestIlsServer;
let svc: RunningService;
let page: Page;

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
  assert.equal(await axeViolations(page), [], `${name}: axe violations`);
}

async function sim(p: string, body?: unknown): Promise<unknown> {
  const init =
    body === undefined
      ? {}
      : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const r = await fetch(new URL(`/api/sim/${p}`, svc.url), init);
  assert.ok(r.ok);
  return r.json();
}

test.before(async () => {
  await mkdir(OUT, { recursive: true });
  dir = await mkdtemp(path.join(os.tmpdir(), 'selfcheck-e2e-off-'));
  ils = new TestIlsServer({ login: { user: 'selfcheck', password: 'pw-e2e' } });
  const ilsPort = await ils.listen(0);
  svc = await startOfflineKiosk({
    dir,
    ilsPort,
    ilsPassword: 'pw-e2e',
    logLevel: 'info',
    kiosk: { goodbyeSeconds: 1 },
    offline: { maxItemsPerSession: 3 },
  });
  browser = await launchBrowser(8000);
  ({ page } = browser);
});

test.after(async () => {
  await browser?.close();
  await svc?.stop();
  await ils?.close();
  await rm(dir, { recursive: true, force: true });
});

test('ILS down: limited checkout in Spanish, no returns, nothing of the patron kept', async () => {
  await ils.close();
  for (let i = 0; i < 200; i++) {
    const v = (await (await fetch(new URL('/api/kiosk/view', svc.url))).json()) as KioskView;
    if (!v.ilsOnline) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  await page.goto(svc.url);
  await page.getByRole('button', { name: /Touch to start/ }).click();
  await page.getByRole('button', { name: 'Español' }).click();
  await page.locator('h1', { hasText: 'carné' }).waitFor();
  assert.match((await page.getByRole('status').first().textContent()) ?? '', /solo préstamo limitado/);
  await shot('01-identify-offline-es');
  await page.keyboard.type(MARIA.id);
  await page.locator('.keypad .primary').click();
  await page.locator('h1', { hasText: 'Préstamo limitado' }).waitFor();
  const notice = (await page.locator('main .notice').textContent()) ?? '';
  assert.match(notice, /hasta 3 artículos, con vencimiento el \d{1,2} de \w+ de \d{4}/);
  const tags = (await sim('tags')) as Array<{ uid: string; itemId: string }>;
  const uid = tags.find((t) => t.itemId === '31234000000017')!.uid;
  await sim('place', { uid });
  await page.locator('#items li.st-ok').waitFor();
  assert.match(
    (await page.locator('#items li').textContent()) ?? '',
    /Préstamo sin conexión\. Fecha de vencimiento: \d/,
  );
  await shot('02-items-offline-es');
  await sim('remove', { uid });
  await page.getByRole('button', { name: 'Terminar', exact: true }).click();
  await page.getByRole('button', { name: 'Return items' }).click();
  await page.getByRole('alert').waitFor();
  assert.match((await page.getByRole('alert').textContent()) ?? '', /Returns are not possible/);
  await shot('03-returns-offline');
  const st = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }) + location.href);
  const log = await readFile(path.join(dir, 'station.log'), 'utf8');
  for (const s of [MARIA.id, MARIA.name]) {
    assert.not.ok(st.includes(s));
    assert.not.ok(log.includes(s));
  }
});

test.run();
