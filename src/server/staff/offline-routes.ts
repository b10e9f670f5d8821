/**
 * Staff API for the offline queue (mounted at /api/staff/offline behind the staff login and CSRF check, routes.ts):
 * the entries staff must handle, without patron data (src/offline/desk.ts), retry, export for
 * `selfcheck offline recover`, and delete after the export. 404 offline_off when this station has no offline queue.
 */
import express, { type Request, type Response, type Router } from 'express';
import { isSelfcheckError } from '../../errors.ts';
import type { OfflineDesk } from '../../offline/desk.ts';

const STATUS: Record<string, number> = { not_found: 404, bad_tx_id: 400, not_exported: 409, not_for_staff: 409 };

function fail(res: Response, err: unknown): void {
  if (isSelfcheckError(err)) res.status(STATUS[err.code] ?? 400).json({ error: err.code, detail: err.message });
  else res.status(500).json({ error: 'internal' });
}

export function offlineRoutes(desk: () => OfflineDesk | undefined): Router {
  const r = express.Router();
  // Every route needs the running kiosk's desk; a rejection becomes a typed JSON error, never an unhandled one.
  const h =
    (fn: (d: OfflineDesk, txId: string, res: Response) => Promise<void> | void) => (req: Request, res: Response) => {
      const d = desk();
      if (!d) return void res.status(404).json({ error: 'offline_off', detail: 'no offline queue on this station' });
      Promise.resolve()
        .then(() => fn(d, String(req.params['txId'] ?? ''), res))
        .catch((err: unknown) => fail(res, err));
    };
  r.get(
    '/',
    h((d, _id, res) => void res.json(d.view())),
  );
  r.post(
    '/:txId/retry',
    h(async (d, id, res) => void res.json({ result: await d.retry(id) })),
  );
  r.get(
    '/:txId/export',
    h((d, id, res) => {
      const { filename, body } = d.export(id);
      res.type('application/json').attachment(filename).send(body);
    }),
  );
  r.delete(
    '/:txId',
    h((d, id, res) => {
      d.remove(id);
      res.json({ ok: true });
    }),
  );
  return r;
}
