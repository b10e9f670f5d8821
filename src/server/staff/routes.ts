/**
 * Staff pages and APIs on the station's express server: login, diagnostics, statistics export, privacy audit,
 * inventory (when the role has one) and tag encoding (when the role has one). Every page and API below /staff and
 * /api/staff, except the login page and the login call, requires a staff session (tested by enumerating the routes).
 */
import express, { type Express, type Request, type Response, type Router } from 'express';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { StaffAuth } from './auth.ts';
import { StaffAuth as Auth } from './auth.ts';
import type { InventoryController } from '../../roles/inventory/controller.ts';
import type { EncoderController } from '../../roles/encoder/controller.ts';
import { analysisToCsv, analysisToHtml } from '../../roles/inventory/export.ts';
import { isSelfcheckError } from '../../errors.ts';
import { getOfflineDesk, type OfflineDesk } from '../../offline/desk.ts';
import { offlineRoutes } from './offline-routes.ts';

export interface StaffDeps {
  auth: StaffAuth;
  diagnostics: () => Record<string, unknown>;
  statsCsv?: () => string;
  privacyReport?: () => unknown;
  inventory?: InventoryController;
  encoder?: EncoderController;
  /** The offline queue's staff desk; the running kiosk's (offline/desk.ts) when absent. */
  offline?: () => OfflineDesk | undefined;
}

const staffDir = fileURLToPath(new URL('../../../kiosk-ui/staff/', import.meta.url));

const loginBody = z.object({ user: z.string().min(1).max(64), password: z.string().min(1).max(1024) }).strict();
const startBody = z.object({ location: z.string().max(64).optional() }).strict();
const huntBody = z.object({ itemIds: z.array(z.string().min(1).max(64)).max(100_000) }).strict();
const encodeBody = z
  .object({
    itemId: z.string().min(1).max(64),
    parts: z.number().int().min(1).max(255).optional(),
    part: z.number().int().min(1).max(255).optional(),
    overwrite: z.boolean().optional(),
  })
  .strict();

function bad(res: Response, err: unknown): void {
  if (err instanceof z.ZodError) res.status(400).json({ error: 'bad_request', detail: err.issues[0]?.message });
  else if (isSelfcheckError(err)) res.status(400).json({ error: err.code, detail: err.message });
  else res.status(500).json({ error: 'internal' });
}

/** Wraps an async handler so a rejection becomes a typed JSON error, never an unhandled rejection. */
const h = (fn: (req: Request, res: Response) => Promise<void> | void) => (req: Request, res: Response) => {
  Promise.resolve()
    .then(() => fn(req, res))
    .catch((err: unknown) => bad(res, err));
};

function sse(
  req: Request,
  res: Response,
  subscribe: (send: (event: string, data: unknown) => void) => () => void,
): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
  res.write(': connected\n\n');
  const off = subscribe((event, data) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
  const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
  req.on('close', () => {
    clearInterval(ping);
    off();
  });
}

function inventoryRoutes(inv: InventoryController): Router {
  const r = express.Router();
  r.post(
    '/shelflist',
    express.text({ type: ['text/csv', 'text/plain'], limit: '200mb' }),
    h((req, res) => {
      if (typeof req.body !== 'string')
        throw new z.ZodError([
          { code: 'custom', message: 'send the shelf list as text/csv', path: [], input: undefined },
        ]);
      res.json({ items: inv.loadShelfList(req.body) });
    }),
  );
  r.post(
    '/start',
    express.json({ limit: '4kb' }),
    h((req, res) => {
      inv.start(startBody.parse(req.body ?? {}).location);
      res.json(inv.statusView());
    }),
  );
  // A long hunt list comes as text (one item ID per line, or comma-separated): the app's JSON parser takes 8 kB.
  r.post(
    '/hunt',
    express.text({ type: ['text/csv', 'text/plain'], limit: '4mb' }),
    h((req, res) => {
      const ids =
        typeof req.body === 'string'
          ? huntBody.parse({
              itemIds: req.body
                .split(/[\r\n,]+/)
                .map((s) => s.trim())
                .filter(Boolean),
            }).itemIds
          : huntBody.parse(req.body).itemIds;
      inv.setHuntList(ids);
      res.json(inv.statusView());
    }),
  );
  r.post(
    '/reads',
    express.text({ type: ['text/csv', 'text/plain'], limit: '100mb' }),
    h((req, res) => {
      res.json(inv.ingestFile(typeof req.body === 'string' ? req.body : ''));
    }),
  );
  r.get('/status', (_req, res) => void res.json(inv.statusView()));
  r.get(
    '/analysis',
    h((_req, res) => void res.json(inv.analyze())),
  );
  r.post(
    '/finish',
    h((_req, res) => void res.json(inv.finish())),
  );
  r.post(
    '/resecure',
    express.json({ limit: '4kb' }),
    h(async (req, res) => {
      const { itemId } = z
        .object({ itemId: z.string().min(1).max(64) })
        .strict()
        .parse(req.body);
      res.json(await inv.resecure(itemId));
    }),
  );
  r.get(
    '/saved/:id.:fmt',
    h((req, res) => {
      const saved = inv.store.load(String(req.params['id']));
      if (!saved) return void res.status(404).json({ error: 'not_found' });
      if (req.params['fmt'] === 'csv') {
        res.type('text/csv').attachment(`inventory-${saved.id}.csv`).send(analysisToCsv(saved.analysis));
      } else if (req.params['fmt'] === 'html') {
        res
          .type('html')
          .send(analysisToHtml(saved.analysis, `Inventory ${saved.analysis.location ?? ''}`, new Date(saved.savedAt)));
      } else res.status(404).json({ error: 'not_found' });
    }),
  );
  r.get('/saved', (_req, res) => void res.json(inv.store.list()));
  r.get('/events', (req, res) =>
    sse(req, res, (send) => {
      const onRead = (d: unknown) => send('read', d);
      const onHunt = (d: unknown) => send('hunt', d);
      const onStatus = (d: unknown) => send('status', d);
      inv.on('read', onRead).on('hunt', onHunt).on('status', onStatus);
      return () => inv.off('read', onRead).off('hunt', onHunt).off('status', onStatus);
    }),
  );
  return r;
}

function encoderRoutes(enc: EncoderController): Router {
  const r = express.Router();
  r.post(
    '/encode',
    express.json({ limit: '4kb' }),
    h(async (req, res) => {
      const b = encodeBody.parse(req.body);
      res.json(
        await enc.encode(
          { primaryItemId: b.itemId, partsInItem: b.parts ?? 1, partNumber: b.part ?? 1 },
          { overwrite: b.overwrite ?? false },
        ),
      );
    }),
  );
  r.post(
    '/reencode',
    h(async (_req, res) => void res.json(await enc.reencode())),
  );
  r.post(
    '/batch',
    express.text({ type: ['text/csv', 'text/plain'], limit: '10mb' }),
    h((req, res) => {
      res.json(enc.loadBatch(typeof req.body === 'string' ? req.body : ''));
    }),
  );
  r.get('/batch', (_req, res) => void res.json(enc.batchView()));
  r.post(
    '/batch/next',
    express.json({ limit: '1kb' }),
    h(async (req, res) => {
      const overwrite =
        z
          .object({ overwrite: z.boolean().optional() })
          .strict()
          .parse(req.body ?? {}).overwrite ?? false;
      res.json(await enc.encodeNext({ overwrite }));
    }),
  );
  return r;
}

export function mountStaff(app: Express, deps: StaffDeps): void {
  const { auth } = deps;
  const noStore = (_req: Request, res: Response, next: () => void) => {
    res.set('Cache-Control', 'no-store');
    next();
  };
  app.use(['/staff', '/api/staff'], noStore);
  app.get('/staff/login', (_req, res) => res.sendFile('login.html', { root: staffDir }));
  app.get(['/staff/login.js', '/staff/staff.css'], (req, res) =>
    res.sendFile(req.path.slice('/staff/'.length), { root: staffDir }),
  );
  app.post(
    '/api/staff/login',
    express.json({ limit: '4kb' }),
    h(async (req, res) => {
      if (!auth.enabled)
        return void res
          .status(503)
          .json({ error: 'no_staff_accounts', detail: 'add staff.users to the configuration (selfcheck staff hash)' });
      const body = loadBody(req.body);
      const r = await auth.login(body.user, body.password);
      if (!r.ok) return void res.status(r.reason === 'rate_limited' ? 429 : 401).json({ error: r.reason });
      res.set('Set-Cookie', auth.cookie(r.token)).json({ user: r.user, csrf: r.csrf });
    }),
  );

  const staff = express.Router();
  staff.use(auth.require());
  staff.post('/logout', (req, res) => {
    auth.logout(req);
    res.set('Set-Cookie', Auth.clearCookie()).set('Clear-Site-Data', '"cookies", "storage"').json({ ok: true });
  });
  staff.get(
    '/session',
    (_req, res) => void res.json({ user: res.locals['staffUser'], csrf: res.locals['csrf'], features: features(deps) }),
  );
  staff.get('/diagnostics', (_req, res) => void res.json(deps.diagnostics()));
  if (deps.statsCsv) {
    const csv = deps.statsCsv;
    staff.get(
      '/stats.csv',
      (_req, res) => void res.type('text/csv').attachment('selfcheck-statistics.csv').send(csv()),
    );
  }
  if (deps.privacyReport) {
    const report = deps.privacyReport;
    staff.get('/privacy-audit', (_req, res) => void res.json(report()));
  }
  if (deps.inventory) staff.use('/inventory', inventoryRoutes(deps.inventory));
  if (deps.encoder) staff.use('/encoder', encoderRoutes(deps.encoder));
  staff.use('/offline', offlineRoutes(deps.offline ?? getOfflineDesk));
  app.use('/api/staff', staff);

  const pages = express.Router();
  pages.use(auth.require());
  pages.use(express.static(staffDir, { index: 'index.html', extensions: ['html'] }));
  app.use('/staff', pages);
}

function loadBody(body: unknown): z.infer<typeof loginBody> {
  return loginBody.parse(body);
}

function features(deps: StaffDeps): string[] {
  return [
    deps.inventory && 'inventory',
    deps.encoder && 'encoder',
    deps.statsCsv && 'stats',
    deps.privacyReport && 'privacy',
    (deps.offline ?? getOfflineDesk)() && 'offline',
  ].filter((f): f is string => typeof f === 'string');
}
