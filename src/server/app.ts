/**
 * The station's express app: loopback-only by default, every response `no-store` with a strict CSP
 * (kiosk-ux-privacy-ops.md §5). Roles mount their routes on it from their start.ts, e.g.
 * `rt.app.use('/api/gate', router)`; static files and the JSON error handler are added by finishApp().
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import path from 'node:path';

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Small bodies only: the largest kiosk action is a card number or PIN. */
export const JSON_LIMIT = '8kb';

export function createApp(): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((_req, res, next) => {
    res.set({
      'Cache-Control': 'no-store',
      Pragma: 'no-cache',
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    next();
  });
  app.use(express.json({ limit: JSON_LIMIT, strict: true }));
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  return app;
}

/** After the roles mounted their routes: the UI's static files, a JSON 404 for /api and typed 400s for bad bodies. */
export function finishApp(app: Express, uiDir: string): void {
  app.use('/', express.static(path.resolve(uiDir), { etag: false, lastModified: false, cacheControl: false }));
  app.use('/api', (_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string; status?: number };
    if (e.type === 'entity.parse.failed') return void res.status(400).json({ error: 'bad_json' });
    if (e.type === 'entity.too.large') return void res.status(413).json({ error: 'too_large' });
    res.status(typeof e.status === 'number' && e.status < 500 ? e.status : 500).json({ error: 'internal' });
  });
}

/** Server-sent events: one `data:` line per message, heartbeat comments, cleanup on disconnect. */
export function openSse(req: Request, res: Response, heartbeatMs = 15_000): (data: unknown) => void {
  res.status(200).set({ 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
  res.flushHeaders();
  const hb = setInterval(() => res.write(': hb\n\n'), heartbeatMs);
  hb.unref();
  req.on('close', () => clearInterval(hb));
  return (data) => {
    res.write(`data: ${JSON.stringify(data)}\n\n`);
  };
}
