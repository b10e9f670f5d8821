/**
 * The end of the soak: faults off, the service's own forwarder given time to send this run's offline checkouts, the
 * service stopped, the rest of the offline queue recovered with the library's private key (`selfcheck offline
 * recover --key`) and forwarded as staff would (no-block checkouts), then the four checks: tag vs ILS, lost/doubled,
 * patron data in the data directory / log / kiosk views, and RSS growth over a kill-free segment.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseConfig } from '../src/config/index.ts';
import { scanFile, scanText, scanTree } from '../src/privacy/scan.ts';
import type { Soak } from './soak.ts';
import { selfcheck } from './setup.ts';
import { tagSecured } from './tags.ts';

export interface SoakResult {
  checkouts: number;
  mismatchesUnreported: number;
  lost: number;
  doubled: number;
  piiHits: number;
  rssGrowthPct: number;
  /** Human-readable lines: counters, how RSS was measured, notes. */
  lines: string[];
}

function median(a: number[]): number {
  const s = [...a].sort((x, y) => x - y);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
}

function offlineDepth(dataDir: string): number {
  const dir = join(dataDir, 'offline');
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json')).length : 0;
}

/** RSS over the first and last 1000 checkouts after the last service start (halves when the segment is shorter). */
export function rssGrowth(rss: Array<[number, number, number]>, lastStart: number): { pct: number; how: string } {
  const seg = rss.filter((r) => r[2] === lastStart).map((r) => r[1]);
  const w = seg.length >= 2000 ? 1000 : Math.floor(seg.length / 2);
  if (w === 0) return { pct: 0, how: 'no RSS samples' };
  const a = median(seg.slice(0, w));
  const b = median(seg.slice(-w));
  const pct = Math.round(((b - a) / a) * 1000) / 10;
  return {
    pct,
    how: `median VmRSS ${Math.round(a / 1024)} MB over the first ${w} and ${Math.round(b / 1024)} MB over the last ${w} checkouts of the kill-free segment after the last restart (${seg.length} checkouts)`,
  };
}

export async function finishSoak(s: Soak): Promise<SoakResult> {
  const { rig, library: lib } = s;
  const lines: string[] = [];
  for (const k of Object.keys(rig.ils.faults)) delete (rig.ils.faults as Record<string, unknown>)[k];
  await s.idle();
  // The service forwards this run's offline checkouts when the ILS is back: wait until the queue stops shrinking.
  let depth = offlineDepth(rig.dataDir);
  for (let stable = 0, t = 0; stable < 3 && t < 60 && depth > 0; t++) {
    await sleep(1000);
    const d = offlineDepth(rig.dataDir);
    stable = d === depth ? stable + 1 : 0;
    depth = d;
  }
  await s.fetchAlerts();
  const viewText = await (await s.client.get('api/kiosk/view')).text();
  const html = await (await s.client.get('/')).text();
  s.client.close();
  await s.svc.stop();

  // Staff recover what is left (entries of killed runs, which no later run can open) and forward them.
  const recovered = (
    await selfcheck(['offline', 'recover', '--key', rig.privateKey, '--dir', join(rig.dataDir, 'offline')])
  )
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { patronId: string; itemId: string; nbDueDate: string });
  let already = 0;
  let forwarded = 0;
  for (const tx of recovered) {
    const loan = lib.loans.get(tx.itemId);
    if (loan?.patronId === tx.patronId) already++;
    else if (loan) s.note(`offline entry for ${tx.itemId} while it is on loan to another patron: not forwarded`);
    else {
      lib.checkout(tx.patronId, tx.itemId, { noBlock: true, renewalPolicy: false, nbDueDate: new Date(tx.nbDueDate) });
      forwarded++;
    }
  }
  for (const [itemId, patronId] of s.offlineOut)
    if (lib.loans.get(itemId)?.patronId !== patronId) {
      s.c.lost++;
      s.note(`lost: offline checkout of ${itemId} never reached the ILS`);
    }

  // (1) every tag against the ILS.
  let reportedAtEnd = 0;
  for (const [itemId, tag] of s.tags) {
    const charged = lib.loans.has(itemId);
    if (tagSecured(tag, s.model) === !charged) continue;
    if (s.alerted.has(itemId) || s.unattributedAlerts > 0) reportedAtEnd++;
    else
      s.unreported(itemId, `at the end: ILS ${charged ? 'charged' : 'in'}, tag ${charged ? 'secured' : 'unsecured'}`);
  }

  // (3) patron data: data directory, log file, the kiosk views between sessions, the page.
  const cfg = parseConfig({});
  const re = new RegExp(cfg.privacy.patronIdPattern);
  const extra = s.patrons.flatMap((p) => [p.id, p.pin, p.name, p.firstName]);
  const findings = [
    ...scanTree(rig.dataDir, re, extra, 2 ** 30),
    ...(existsSync(rig.logFile) ? scanFile(rig.logFile, re, extra, 2 ** 30) : []),
  ];
  for (const text of new Set([...s.client.idleViews, viewText, html]))
    findings.push(...scanText(text, re, extra).map((h) => ({ file: 'kiosk view', ...h })));
  for (const f of findings.slice(0, 20)) s.note(`pii: ${f.file}:${f.line} ${f.kind}`);

  const rss = rssGrowth(s.rss, s.svc.starts);
  const doubled = lib.doubled.length;
  for (const d of lib.doubled.slice(0, 20)) s.note(`doubled: ${d.op} of ${d.itemId}${d.noBlock ? ' (no-block)' : ''}`);
  const c = s.c;
  lines.push(
    `checkouts ${c.checkouts} (ok ${c.checkoutsOk}, offline ${c.checkoutsOffline}, refused ${c.refused}), returns ${c.returns} (ok ${c.returnsOk}), sessions ${c.sessions} + ${c.returnSessions} returns`,
    `faults: kill -9 ${s.svc.kills} (mid-checkout ${c.killsMid}, between items ${c.killsIdle}), unplug ${c.unplugs}, ILS ${c.ilsFaults}, tag tearing ${c.tears}; service starts ${s.svc.starts}`,
    `shown "see staff" ${c.reportedToPatron}; tag/ILS disagreements reported to patron or staff ${c.mismatchesReported + reportedAtEnd}, unreported ${c.mismatchesUnreported}; staff alerts ${s.alerted.size} open`,
    `offline: ${c.checkoutsOffline} checkouts shown ok, ${recovered.length} entries left for staff (${already} already in the ILS, ${forwarded} forwarded now); ILS transactions: ${JSON.stringify(lib.counts)}`,
    `identify failures ${c.identifyFailures}, anomalies ${c.anomalies}`,
    `rss: ${rss.how}`,
    `pii findings ${findings.length}`,
    ...s.notes.map((n) => `note: ${n}`),
  );
  return {
    checkouts: c.checkouts,
    mismatchesUnreported: c.mismatchesUnreported,
    lost: c.lost,
    doubled,
    piiHits: findings.length,
    rssGrowthPct: rss.pct,
    lines,
  };
}
