/**
 * Headless Chromium for UI tests, as DEVELOPERS.md prescribes: the system binary through playwright-core, a
 * persistent context on a fresh throwaway profile (so each test's browser state can be searched and discarded).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  ctx: BrowserContext;
  page: Page;
  /** The profile directory (browser state lives here until close()). */
  profile: string;
  close(): Promise<void>;
}

export async function launchBrowser(defaultTimeoutMs = 8000): Promise<TestBrowser> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'selfcheck-e2e-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  ctx.setDefaultTimeout(defaultTimeoutMs);
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  return {
    ctx,
    page,
    profile,
    async close() {
      await ctx.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

let axeSrc: string | undefined;

/**
 * WCAG 2.2 AA violations on the page as axe-core finds them, each as `rule-id [targets]` (empty when clean).
 * axe is evaluated through the DevTools protocol: the pages' CSP rightly forbids inline scripts.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  axeSrc ??= await readFile(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSrc);
  const res = await page.evaluate(async () => {
    const w = window as unknown as {
      axe: { run(o: unknown): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> }> };
    };
    return w.axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
  });
  return res.violations.map((v) => `${v.id} ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}
