/**
 * HTTP API bodies: the real service (src/service.ts startService: built-in test ILS, sim reader) runs in-process
 * three times, as a kiosk, an inventory and an encoder station, each on a temp data dir and port 0, with one staff
 * account. Each input names a route and carries the body bytes: random/mutated JSON (or CSV for the text routes)
 * is sent to every kiosk, sim and staff API route, with and without a staff session. A 5xx, a dropped connection
 * or an uncaught exception is a finding; 4xx is the expected answer to a bad body.
 * Input format: `METHOD PATH CONTENT-TYPE AUTH STATION\n` then the body.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hash } from '@node-rs/argon2';
import { parseConfig, type Config } from '../../src/config/index.ts';
import { createLogger } from '../../src/log/index.ts';
import { startService, type RunningService } from '../../src/service.ts';
import { FuzzFinding, type Target } from '../harness.ts';
import { generate } from '../mutate.ts';
import { mutateTree, type Json } from '../json.ts';

type Station = 'kiosk' | 'inventory' | 'encoder';
interface Route {
  method: 'GET' | 'POST';
  path: string;
  station: Station;
  /** Valid bodies the mutations start from. */
  bodies: string[];
  ctype: string;
}

const json = 'application/json';
const csv = 'text/csv';
const R = (method: Route['method'], p: string, station: Station, bodies: string[] = [''], ctype = json): Route => ({
  method,
  path: p,
  station,
  bodies,
  ctype,
});

const UID = 'E004015000000001';
export const ROUTES: Route[] = [
  R('POST', '/api/kiosk/action', 'kiosk', [
    '{"type":"start"}',
    '{"type":"language","language":"en"}',
    '{"type":"card","value":"21234000000001"}',
    '{"type":"pin","value":"1234"}',
    '{"type":"receipt","choice":"none"}',
    '{"type":"activity"}',
    '{"type":"cancel"}',
    '{"type":"done"}',
  ]),
  R('GET', '/api/kiosk/view', 'kiosk'),
  R('POST', '/api/sim/place', 'kiosk', [`{"uid":"${UID}"}`]),
  R('POST', '/api/sim/remove', 'kiosk', [`{"uid":"${UID}"}`]),
  R('POST', '/api/sim/fail-writes', 'kiosk', [`{"uid":"${UID}","writes":2}`]),
  R('GET', '/api/sim/tags', 'kiosk'),
  R('POST', '/api/staff/login', 'kiosk', ['{"user":"ops","password":"wrong"}', '{"user":"","password":"x"}']),
  R('POST', '/api/staff/logout', 'kiosk', ['{}']),
  R('GET', '/api/staff/session', 'kiosk'),
  R('GET', '/api/staff/diagnostics', 'kiosk'),
  R('GET', '/api/staff/stats.csv', 'kiosk'),
  R('GET', '/api/staff/privacy-audit', 'kiosk'),
  R('GET', '/metrics', 'kiosk'),
  R('POST', '/api/nowhere', 'kiosk', ['{}']),
  R('POST', '/api/staff/inventory/shelflist', 'inventory', ['barcode,callnumber\n31234000000001,QA76.9 .A43\n'], csv),
  R('POST', '/api/staff/inventory/start', 'inventory', ['{"location":"2nd floor"}', '{}']),
  R('POST', '/api/staff/inventory/hunt', 'inventory', ['31234000000001\n31234000000002'], csv),
  R('POST', '/api/staff/inventory/hunt', 'inventory', ['{"itemIds":["31234000000001"]}']),
  R('POST', '/api/staff/inventory/reads', 'inventory', [`uid,itemId\n${UID},31234000000001\n`], csv),
  R('POST', '/api/staff/inventory/resecure', 'inventory', ['{"itemId":"31234000000001"}']),
  R('POST', '/api/staff/inventory/finish', 'inventory', ['{}']),
  R('GET', '/api/staff/inventory/status', 'inventory'),
  R('GET', '/api/staff/inventory/analysis', 'inventory'),
  R('GET', '/api/staff/inventory/saved', 'inventory'),
  R('GET', '/api/staff/inventory/saved/x.csv', 'inventory'),
  R('POST', '/api/staff/encoder/encode', 'encoder', ['{"itemId":"31234000000009","parts":1,"part":1}']),
  R('POST', '/api/staff/encoder/reencode', 'encoder', ['{}']),
  R('POST', '/api/staff/encoder/batch', 'encoder', ['itemId,parts\n31234000000010,1\n31234000000011,2\n'], csv),
  R('POST', '/api/staff/encoder/batch/next', 'encoder', ['{"overwrite":false}', '{}']),
  R('GET', '/api/staff/encoder/batch', 'encoder'),
];

const CTYPES = [json, 'text/plain', csv, 'application/json; charset=utf-16', 'application/x-www-form-urlencoded', '-'];
const DELIMS = [0x7b, 0x7d, 0x22, 0x3a, 0x2c, 0x5b, 0x5d, 0x5c, 0x00, 0x0a, 0x0d, 0x75, 0x2d, 0x30, 0xff];
const PASSWORD = 'fuzz staff password';
/** Failed logins wait 500 ms on purpose (src/server/staff/auth.ts): that route's budget allows for it. */
const LOGIN_BUDGET_MS = 1000;

interface Running {
  svc: RunningService;
  dir: string;
  cookie: string;
  csrf: string;
}
const stations = new Map<Station, Running>();
/** Answers by route class and status, so a run shows the bodies got past the parsers (not only 400s and 401s). */
const statuses = new Map<string, number>();

async function startStation(role: Station, passwordHash: string): Promise<Running> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `selfcheck-fuzz-${role}-`));
  const base = parseConfig({
    general: { role, dataDir: path.join(dir, 'data') },
    http: { port: 0 },
    log: { level: 'silent' },
    reader: { driver: 'sim', sim: { timing: 'virtual', initialTags: role === 'kiosk' ? 0 : 1 } },
  });
  const config: Config = { ...base, staff: { ...base.staff, users: { ops: passwordHash } } };
  const svc = await startService(config, { log: createLogger({ level: 'silent' }) });
  const r = await fetch(new URL('/api/staff/login', svc.url), {
    method: 'POST',
    headers: { 'content-type': json },
    body: JSON.stringify({ user: 'ops', password: PASSWORD }),
  });
  const body = (await r.json()) as { csrf?: string };
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (r.status !== 200 || !body.csrf || !cookie) throw new Error(`${role}: staff login failed (${r.status})`);
  return { svc, dir, cookie, csrf: body.csrf };
}

function parseInput(input: Uint8Array): { head: string[]; body: Buffer } | undefined {
  const b = Buffer.from(input);
  const nl = b.indexOf(0x0a);
  if (nl < 0) return undefined;
  const head = b.subarray(0, nl).toString('latin1').split(' ');
  return head.length === 5 ? { head, body: b.subarray(nl + 1) } : undefined;
}

export const http: Target = {
  name: 'http-api',
  full: 5_000,
  async setup() {
    const passwordHash = await hash(PASSWORD);
    for (const role of ['kiosk', 'inventory', 'encoder'] as const)
      stations.set(role, await startStation(role, passwordHash));
  },
  async teardown() {
    for (const s of stations.values()) {
      await s.svc.stop();
      await rm(s.dir, { recursive: true, force: true });
    }
    stations.clear();
  },
  generate(rng) {
    const route = rng.pick(ROUTES);
    const ctype = rng.chance(0.8) ? route.ctype : rng.pick(CTYPES);
    // Logging out with the session would end it for the rest of the run: that route is only sent without one.
    const auth = route.path !== '/api/staff/logout' && rng.chance(0.85) ? 1 : 0;
    const method = rng.chance(0.05) ? (route.method === 'GET' ? 'POST' : 'GET') : route.method;
    let body: Uint8Array = new Uint8Array(0);
    if (method === 'POST') {
      const sample = rng.pick(route.bodies);
      // Well-formed JSON with wrong values reaches the validators and the controllers behind them; byte
      // mutations mostly test the JSON parser.
      if (route.ctype === json && sample.startsWith('{') && rng.chance(0.5)) {
        let tree = JSON.parse(sample) as Json;
        for (let i = 1 + rng.int(3); i > 0; i--) tree = mutateTree(rng, tree);
        body = Buffer.from(JSON.stringify(tree));
      } else
        body = generate(rng, { corpus: route.bodies.map((s) => Buffer.from(s)), delimiters: DELIMS, maxRandom: 300 });
    }
    return Buffer.concat([Buffer.from(`${method} ${route.path} ${ctype} ${auth} ${route.station}\n`), body]);
  },
  summary() {
    const by = [...statuses].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k}=${n}`);
    return `answers: ${by.join(' ')}`;
  },
  budgetMs(input) {
    return parseInput(input)?.head[1] === '/api/staff/login' ? LOGIN_BUDGET_MS : 100;
  },
  async run(input) {
    const parsed = parseInput(input);
    if (!parsed) return;
    const [method = 'GET', p = '/', ctype = '-', auth = '0', station = 'kiosk'] = parsed.head;
    const st = stations.get(station as Station);
    if (!st) throw new FuzzFinding(`station ${station} is not running (setup() not called?)`);
    const headers: Record<string, string> = {};
    if (ctype !== '-') headers['content-type'] = ctype;
    if (auth === '1' && p !== '/api/staff/logout') {
      headers['cookie'] = st.cookie;
      headers['x-csrf-token'] = st.csrf;
      headers['origin'] = new URL(st.svc.url).origin;
    }
    let res: Response;
    try {
      res = await fetch(new URL(p, st.svc.url), {
        method,
        headers,
        ...(method === 'POST' ? { body: Uint8Array.from(parsed.body) } : {}),
        signal: AbortSignal.timeout(5000),
      });
    } catch (err) {
      throw new FuzzFinding(`${method} ${p}: no response (${String(err)})`);
    }
    await res.arrayBuffer();
    const key = `${p.split('/').slice(1, 4).join('/')} ${res.status}`;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
    if (res.status >= 500) throw new FuzzFinding(`${method} ${p} answered ${res.status}`);
  },
};
