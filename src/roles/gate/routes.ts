/**
 * The gate status page's data: GET /api/gate/status (JSON) and GET /api/gate/events (server-sent events: alarm,
 * fault, visitor, ILS-check verdict). States, times and counts only; no item or person (privacy inventory).
 */
import { Router } from 'express';
import { openSse } from '../../server/app.ts';
import type { GateController, GateEvent } from './controller.ts';

export function gateRouter(gate: GateController, heartbeatMs = 15_000): Router {
  const r = Router();
  r.get('/status', (_req, res) => {
    res.json(gate.status());
  });
  r.get('/events', (req, res) => {
    const send = openSse(req, res, heartbeatMs);
    // The current state first, so a page opened mid-alarm shows it.
    send({ type: 'status', status: gate.status() });
    const listener = (e: GateEvent) => send(e);
    gate.on('gate', listener);
    req.on('close', () => gate.off('gate', listener));
  });
  return r;
}
