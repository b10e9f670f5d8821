/**
 * The load generator, run as its own process by load/run.ts (the service runs in the parent): autocannon against
 * each endpoint on loopback in turn. Prints one `RESULT {json}` line per endpoint for the parent to read.
 * Env: LOAD_URL (the station, loopback only), LOAD_USER, LOAD_PASSWORD, LOAD_SECONDS, LOAD_CONNECTIONS.
 */
import autocannon from 'autocannon';

export interface EndpointResult {
  name: string;
  requests: number;
  errors: number;
  p50_ms: number;
  p99_ms: number;
  rps: number;
}

const base = new URL(process.env['LOAD_URL'] ?? '');
// Loopback only: this workplace's rule for load tests, and the station's own default bind.
if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(base.hostname)) {
  console.error(`LOAD_URL must be a loopback address, not ${base.hostname}`);
  process.exit(2);
}
const seconds = Number(process.env['LOAD_SECONDS'] ?? 5);
const connections = Number(process.env['LOAD_CONNECTIONS'] ?? 10);

async function staffSession(): Promise<{ cookie: string; csrf: string }> {
  const r = await fetch(new URL('/api/staff/login', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: process.env['LOAD_USER'], password: process.env['LOAD_PASSWORD'] }),
  });
  const body = (await r.json()) as { csrf?: string };
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (r.status !== 200 || !body.csrf || !cookie) throw new Error(`staff login answered ${r.status}`);
  return { cookie, csrf: body.csrf };
}

interface Endpoint {
  name: string;
  path: string;
  method?: 'GET' | 'POST';
  body?: unknown;
  headers?: Record<string, string>;
  /** A fixed count instead of a duration: the staff login costs an argon2id verify by design. */
  amount?: number;
  connections?: number;
}

async function run(e: Endpoint): Promise<EndpointResult> {
  const headers: Record<string, string> = { ...e.headers };
  if (e.body !== undefined) headers['content-type'] = 'application/json';
  const r = await autocannon({
    url: new URL(e.path, base).toString(),
    method: e.method ?? 'GET',
    headers,
    ...(e.body !== undefined ? { body: JSON.stringify(e.body) } : {}),
    connections: e.connections ?? connections,
    ...(e.amount ? { amount: e.amount } : { duration: seconds }),
    timeout: 10,
    title: e.name,
  });
  const requests = r.requests.total;
  return {
    name: e.name,
    requests,
    errors: r.errors + r.timeouts + r.non2xx,
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    rps: Math.round(r.requests.average),
  };
}

async function main(): Promise<void> {
  const staff = await staffSession();
  const withSession = { cookie: staff.cookie };
  const endpoints: Endpoint[] = [
    { name: 'GET /healthz', path: '/healthz' },
    { name: 'GET /api/kiosk/view', path: '/api/kiosk/view' },
    { name: 'GET /api/sim/tags', path: '/api/sim/tags' },
    { name: 'POST /api/kiosk/action', path: '/api/kiosk/action', method: 'POST', body: { type: 'activity' } },
    { name: 'GET /metrics', path: '/metrics' },
    {
      name: 'POST /api/staff/login',
      path: '/api/staff/login',
      method: 'POST',
      body: { user: process.env['LOAD_USER'], password: process.env['LOAD_PASSWORD'] },
      amount: 40,
      connections: 2,
    },
    { name: 'GET /api/staff/session', path: '/api/staff/session', headers: withSession },
    { name: 'GET /api/staff/diagnostics', path: '/api/staff/diagnostics', headers: withSession },
  ];
  for (const e of endpoints) console.log(`RESULT ${JSON.stringify(await run(e))}`);
}

main().catch((err: unknown) => {
  console.error('load driver failed:', err);
  process.exit(1);
});
