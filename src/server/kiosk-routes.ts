/**
 * Kiosk API: GET /api/kiosk/view, GET /api/kiosk/events (SSE of KioskView), POST /api/kiosk/action.
 * Patron values travel only in POST bodies, never in URLs, cookies or query strings.
 */
import { Router } from 'express';
import type { KioskView, KioskAction } from '../roles/kiosk/view.ts';
import { parseKioskAction, isKioskError } from '../roles/kiosk/actions.ts';
import { isSelfcheckError } from '../errors.ts';
import { openSse } from './app.ts';

/** What the routes need from the kiosk controller (the real one or a test fake). */
export interface KioskPort {
  view(): KioskView;
  dispatch(a: KioskAction): Promise<void>;
  on(ev: 'view', fn: (v: KioskView) => void): unknown;
  off(ev: 'view', fn: (v: KioskView) => void): unknown;
}

export function kioskRouter(getKiosk: () => KioskPort | undefined, heartbeatMs?: number): Router {
  const r = Router();
  r.use((_req, res, next) => {
    if (!getKiosk()) return void res.status(503).json({ error: 'kiosk_not_running' });
    next();
  });
  r.get('/view', (_req, res) => {
    res.json(getKiosk()!.view());
  });
  r.get('/events', (req, res) => {
    const k = getKiosk()!;
    const send = openSse(req, res, heartbeatMs);
    const fn = (v: KioskView): void => send(v);
    k.on('view', fn);
    req.on('close', () => k.off('view', fn));
    send(k.view());
  });
  r.post('/action', async (req, res) => {
    let action: KioskAction;
    try {
      action = parseKioskAction(req.body);
    } catch (err) {
      return void res
        .status(400)
        .json({ error: 'bad_action', message: err instanceof Error ? err.message : 'invalid' });
    }
    try {
      await getKiosk()!.dispatch(action);
    } catch (err) {
      if (isKioskError(err)) return void res.status(409).json({ error: err.code });
      return void res.status(500).json({ error: isSelfcheckError(err) ? err.code : 'internal' });
    }
    const view = getKiosk()!.view();
    // The session-end response also tells the browser to drop anything it kept (kiosk-ux-privacy-ops.md §5).
    if (view.screen === 'goodbye' || view.screen === 'attract') res.set('Clear-Site-Data', '"cookies", "storage"');
    res.json(view);
  });
  return r;
}
