/**
 * The privacy audit's live checks. Each returns a control in the inventory's shape: an assertion, how it was
 * checked, pass/fail/not_run, and the evidence. The audit exits non-zero when any control fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/index.ts';
import { isLoopback } from '../config/index.ts';
import { scanFile, scanTree } from './scan.ts';
import { JOURNAL_FILE, JOURNAL_QUARANTINE, QUARANTINE_DAYS, parseJournal } from '../roles/kiosk/journal.ts';

export interface Control {
  id: string;
  assertion: string;
  check: string;
  result: 'pass' | 'fail' | 'not_run';
  evidence?: string;
}

export interface CheckOptions {
  /** Log files to search besides config.log.file. */
  logFiles?: string[];
  /** The installed unit file to check; /etc/systemd/system/selfcheck.service by default. */
  unitPath?: string;
  now?: number;
  /** Read for listening sockets (tests pass fixtures). */
  procNet?: string[];
}

const DAY = 86_400_000;

function patronRegex(cfg: Config): RegExp {
  return new RegExp(cfg.privacy.patronIdPattern);
}

export function checkDataDir(cfg: Config): Control {
  const base = {
    id: 'data_dir_no_patron_data',
    assertion: 'The data directory holds no patron data',
    check: `scan ${cfg.general.dataDir}`,
  };
  if (!existsSync(cfg.general.dataDir))
    return { ...base, result: 'pass', evidence: 'data directory does not exist yet' };
  const f = scanTree(cfg.general.dataDir, patronRegex(cfg));
  return f.length
    ? {
        ...base,
        result: 'fail',
        evidence: f
          .slice(0, 5)
          .map((x) => `${x.file}:${x.line} ${x.kind}`)
          .join('; '),
      }
    : { ...base, result: 'pass', evidence: 'no patron identifiers, SIP2 patron fields or unsealed entries found' };
}

export function checkLogs(cfg: Config, opts: CheckOptions): Control {
  const files = [...(cfg.log.file ? [cfg.log.file] : []), ...(opts.logFiles ?? [])].filter((f) => existsSync(f));
  const base = {
    id: 'logs_no_patron_data',
    assertion: 'Logs hold no patron data',
    check: `scan ${files.join(', ') || '(no log file)'}`,
  };
  if (files.length === 0) {
    const j = spawnSync('journalctl', ['-u', 'selfcheck', '--since', '-30d', '-o', 'cat', '--no-pager'], {
      encoding: 'utf8',
      maxBuffer: 256 << 20,
    });
    if (j.status !== 0 || !j.stdout)
      return { ...base, result: 'not_run', evidence: 'no log file configured and no journal for selfcheck.service' };
    const hits = j.stdout.split('\n').filter((l) => patronRegex(cfg).test(l)).length;
    return {
      ...base,
      check: 'journalctl -u selfcheck --since -30d',
      result: hits ? 'fail' : 'pass',
      evidence: `${hits} matching lines`,
    };
  }
  const f = files.flatMap((p) => scanFile(p, patronRegex(cfg)));
  return f.length
    ? {
        ...base,
        result: 'fail',
        evidence: f
          .slice(0, 5)
          .map((x) => `${x.file}:${x.line} ${x.kind}`)
          .join('; '),
      }
    : { ...base, result: 'pass', evidence: `${files.length} file(s) clean` };
}

/** Local addresses listening on `port`, from /proc/net/tcp{,6} (state 0A = LISTEN). */
export function listeningAddresses(port: number, procNet: string[]): string[] {
  const out: string[] = [];
  for (const text of procNet) {
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] !== '0A' || !cols[1]) continue;
      const [addr, portHex] = cols[1].split(':');
      if (!addr || parseInt(portHex ?? '', 16) !== port) continue;
      out.push(addr);
    }
  }
  return out;
}

const loopbackHex = new Set(['0100007F', '00000000000000000000000001000000']);

export function checkLoopback(cfg: Config, opts: CheckOptions): Control {
  const base = {
    id: 'ui_loopback_only',
    assertion: 'The kiosk UI and APIs listen on loopback only',
    check: `http.host + /proc/net/tcp* port ${cfg.http.port}`,
  };
  if (!isLoopback(cfg.http.host)) return { ...base, result: 'fail', evidence: `http.host is ${cfg.http.host}` };
  const procNet =
    opts.procNet ?? ['/proc/net/tcp', '/proc/net/tcp6'].filter(existsSync).map((p) => readFileSync(p, 'utf8'));
  const addrs = listeningAddresses(cfg.http.port, procNet);
  const bad = addrs.filter((a) => !loopbackHex.has(a));
  if (bad.length)
    return { ...base, result: 'fail', evidence: `port ${cfg.http.port} listens on non-loopback ${bad.join(',')}` };
  return {
    ...base,
    result: 'pass',
    evidence: addrs.length ? `listening on loopback only` : `configured ${cfg.http.host}; not listening now`,
  };
}

export function checkSip2Transport(cfg: Config): Control {
  const base = {
    id: 'sip2_encrypted',
    assertion: 'SIP2 traffic is encrypted (TLS) or stays on this machine (tunnel)',
    check: 'sip2.mode/host/tls',
  };
  if (cfg.sip2.mode === 'builtin')
    return { ...base, result: 'pass', evidence: 'built-in test ILS in-process on loopback' };
  if (cfg.sip2.tls.enabled && cfg.sip2.tls.rejectUnauthorized)
    return { ...base, result: 'pass', evidence: 'TLS with certificate verification' };
  if (cfg.sip2.tls.enabled) return { ...base, result: 'fail', evidence: 'TLS without certificate verification' };
  if (isLoopback(cfg.sip2.host))
    return { ...base, result: 'pass', evidence: `loopback ${cfg.sip2.host} (local tunnel, e.g. stunnel)` };
  return { ...base, result: 'fail', evidence: `clear text to ${cfg.sip2.host}` };
}

function oldestFileAgeDays(dir: string, now: number): number | undefined {
  if (!existsSync(dir)) return undefined;
  let oldest: number | undefined;
  for (const n of readdirSync(dir)) {
    const st = statSync(join(dir, n), { throwIfNoEntry: false });
    if (st?.isFile()) oldest = Math.min(oldest ?? Infinity, st.mtimeMs);
  }
  return oldest === undefined ? undefined : (now - oldest) / DAY;
}

export function checkRetention(cfg: Config, opts: CheckOptions): Control[] {
  const now = opts.now ?? Date.now();
  const controls: Control[] = [];
  const statsFile = join(cfg.general.dataDir, 'stats.json');
  const statsBase = {
    id: 'retention_stats',
    assertion: `Statistics older than ${cfg.privacy.statsRetentionDays} days are purged`,
    check: statsFile,
  };
  if (!existsSync(statsFile)) controls.push({ ...statsBase, result: 'pass', evidence: 'no statistics yet' });
  else {
    const hours = Object.keys((JSON.parse(readFileSync(statsFile, 'utf8')) as { hours?: object }).hours ?? {}).sort();
    const age = hours[0] ? (now - Date.parse(`${hours[0]}:00:00Z`)) / DAY : 0;
    controls.push({
      ...statsBase,
      result: age <= cfg.privacy.statsRetentionDays + 1 ? 'pass' : 'fail',
      evidence: `oldest hour ${hours[0] ?? 'none'}`,
    });
  }
  for (const [id, dir, days, what] of [
    ['retention_offline', join(cfg.general.dataDir, 'offline'), cfg.offline.retentionDays, 'Offline entries'],
    ['retention_inventory', join(cfg.general.dataDir, 'inventory'), cfg.inventory.retentionDays, 'Inventory results'],
  ] as const) {
    const age = oldestFileAgeDays(dir, now);
    controls.push({
      id,
      assertion: `${what} older than ${days} days are purged`,
      check: dir,
      result: age === undefined || age <= days + 1 ? 'pass' : 'fail',
      evidence: age === undefined ? 'none stored' : `oldest ${age.toFixed(1)} days`,
    });
  }
  controls.push(checkKioskJournal(cfg.general.dataDir, now));
  const age = oldestFileAgeDays(join(cfg.general.dataDir, 'offline'), now);
  controls.push({
    id: 'offline_queue_drained',
    assertion: `No offline transaction waits longer than ${cfg.offline.maxAgeDays} days`,
    check: 'age of the oldest offline entry',
    result: age === undefined || age <= cfg.offline.maxAgeDays ? 'pass' : 'fail',
    evidence: age === undefined ? 'queue empty' : `oldest ${age.toFixed(1)} days`,
  });
  return controls;
}

/** The kiosk crash journal: entries live seconds; one older than the recovery's limit, or an old quarantined copy, fails. */
export function checkKioskJournal(dataDir: string, now: number): Control {
  const base = {
    id: 'retention_kiosk_journal',
    assertion: `Kiosk journal entries and a moved-aside journal are gone within ${QUARANTINE_DAYS} days`,
    check: `${join(dataDir, JOURNAL_FILE)}, ${join(dataDir, JOURNAL_QUARANTINE)}`,
  };
  const problems: string[] = [];
  if (existsSync(join(dataDir, JOURNAL_FILE))) {
    try {
      const entries = parseJournal(readFileSync(join(dataDir, JOURNAL_FILE), 'utf8'));
      const old = entries.filter((e) => now - Date.parse(e.at) > QUARANTINE_DAYS * DAY).length;
      if (old) problems.push(`${old} journal entries older than ${QUARANTINE_DAYS} days`);
    } catch {
      problems.push('journal unreadable (the kiosk moves it aside at its next start)');
    }
  }
  const q = statSync(join(dataDir, JOURNAL_QUARANTINE), { throwIfNoEntry: false });
  if (q && (now - q.mtimeMs) / DAY > QUARANTINE_DAYS + 1) problems.push('moved-aside journal past its retention');
  return problems.length
    ? { ...base, result: 'fail', evidence: problems.join('; ') }
    : { ...base, result: 'pass', evidence: 'no journal entry or moved-aside copy past its limit' };
}

export function checkSystemdUnit(opts: CheckOptions, maxExposure = 1.6): Control {
  const unit = opts.unitPath ?? '/etc/systemd/system/selfcheck.service';
  const base = {
    id: 'systemd_hardened',
    assertion: `The service unit is the hardened one (exposure <= ${maxExposure})`,
    check: `systemd-analyze security --offline=yes ${unit}`,
  };
  if (!existsSync(unit)) return { ...base, result: 'not_run', evidence: `${unit} is not installed` };
  const r = spawnSync('systemd-analyze', ['security', '--offline=yes', unit], { encoding: 'utf8' });
  const m = /Overall exposure level for .*?: ([0-9.]+)/.exec(`${r.stdout}${r.stderr}`);
  if (!m)
    return {
      ...base,
      result: 'not_run',
      evidence: `systemd-analyze gave no score (${r.error?.message ?? `exit ${r.status}`})`,
    };
  const score = Number(m[1]);
  const text = readFileSync(unit, 'utf8');
  const missing = ['DynamicUser=yes', 'ProtectSystem=strict', 'IPAddressDeny=any', 'Type=notify'].filter(
    (d) => !text.includes(d),
  );
  return {
    ...base,
    result: score <= maxExposure && missing.length === 0 ? 'pass' : 'fail',
    evidence: `exposure ${score}${missing.length ? `; missing ${missing.join(', ')}` : ''}`,
  };
}

export function checkTagsItemOnly(): Control {
  return {
    id: 'tags_item_only',
    assertion: 'Tags carry item data only (no patron data)',
    check:
      'by construction: the encoder input type has item elements only and refuses type of usage 8 (patron card); tested',
    result: 'pass',
    evidence: 'src/tags encodeItem(ItemInput); test/tags',
  };
}

export function runChecks(cfg: Config, opts: CheckOptions = {}): Control[] {
  return [
    checkDataDir(cfg),
    checkLogs(cfg, opts),
    checkLoopback(cfg, opts),
    checkSip2Transport(cfg),
    ...checkRetention(cfg, opts),
    checkSystemdUnit(opts),
    checkTagsItemOnly(),
  ];
}
