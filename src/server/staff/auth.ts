/**
 * Staff authentication for the staff pages and APIs (inventory, hunt, encoding, diagnostics):
 *  - passwords checked against argon2id hashes in config.staff.users (`selfcheck staff hash` makes one);
 *  - a session in memory only, named by a random token in an httpOnly, SameSite=Strict cookie;
 *  - CSRF: every state-changing request carries the session's token in X-CSRF-Token, and a same-origin Origin;
 *  - login attempts rate-limited per user name and overall, with a fixed delay on failure.
 * Nothing about patrons is involved: staff pages never show patron data.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { verify } from '@node-rs/argon2';

export const COOKIE = 'sc_staff';

interface StaffSession {
  user: string;
  csrf: string;
  expires: number;
}

export interface StaffAuthOptions {
  users: Record<string, string>;
  sessionMinutes: number;
  now?: () => number;
  /** Failures allowed per user name in the window, and overall. */
  maxFailuresPerUser?: number;
  maxFailuresTotal?: number;
  windowMs?: number;
  /** Added to every failed login, to slow guessing. */
  failureDelayMs?: number;
}

export type LoginResult =
  { ok: true; token: string; csrf: string; user: string } | { ok: false; reason: 'bad_credentials' | 'rate_limited' };

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class StaffAuth {
  private readonly sessions = new Map<string, StaffSession>();
  private readonly failures: Array<{ user: string; at: number }> = [];
  private readonly now: () => number;

  constructor(private readonly opts: StaffAuthOptions) {
    this.now = opts.now ?? Date.now;
  }

  get enabled(): boolean {
    return Object.keys(this.opts.users).length > 0;
  }

  private recentFailures(user?: string): number {
    const since = this.now() - (this.opts.windowMs ?? 5 * 60_000);
    while (this.failures.length && this.failures[0]!.at < since) this.failures.shift();
    return user === undefined ? this.failures.length : this.failures.filter((f) => f.user === user).length;
  }

  async login(user: string, password: string): Promise<LoginResult> {
    if (
      this.recentFailures(user) >= (this.opts.maxFailuresPerUser ?? 5) ||
      this.recentFailures() >= (this.opts.maxFailuresTotal ?? 20)
    )
      return { ok: false, reason: 'rate_limited' };
    const hash = Object.hasOwn(this.opts.users, user) ? this.opts.users[user] : undefined;
    let ok = false;
    if (hash && password.length > 0 && password.length <= 1024) {
      try {
        ok = await verify(hash, password);
      } catch {
        ok = false;
      }
    }
    if (!ok) {
      this.failures.push({ user, at: this.now() });
      await new Promise((r) => setTimeout(r, this.opts.failureDelayMs ?? 500));
      return { ok: false, reason: 'bad_credentials' };
    }
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    this.sessions.set(token, { user, csrf, expires: this.now() + this.opts.sessionMinutes * 60_000 });
    return { ok: true, token, csrf, user };
  }

  session(req: Request): (StaffSession & { token: string }) | undefined {
    const token = parseCookies(req.headers.cookie)[COOKIE];
    if (!token) return undefined;
    const s = this.sessions.get(token);
    if (!s) return undefined;
    if (s.expires < this.now()) {
      this.sessions.delete(token);
      return undefined;
    }
    return { ...s, token };
  }

  logout(req: Request): void {
    const s = this.session(req);
    if (s) this.sessions.delete(s.token);
  }

  cookie(token: string): string {
    return `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${this.opts.sessionMinutes * 60}`;
  }

  static clearCookie(): string {
    return `${COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;
  }

  /** Express middleware: 401 without a staff session; 403 on a state-changing request without CSRF token or same origin. */
  require() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const s = this.session(req);
      if (!s) {
        if (req.method === 'GET' && !req.originalUrl.startsWith('/api/') && req.accepts(['html', 'json']) === 'html')
          res.redirect(303, '/staff/login');
        else res.status(401).json({ error: 'staff_login_required' });
        return;
      }
      if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
        const token = req.get('x-csrf-token') ?? '';
        const origin = req.get('origin');
        const host = req.get('host');
        if (
          !sameText(token, s.csrf) ||
          (origin !== undefined && host !== undefined && origin !== `http://${host}` && origin !== `https://${host}`)
        ) {
          res.status(403).json({ error: 'csrf' });
          return;
        }
      }
      res.locals['staffUser'] = s.user;
      res.locals['csrf'] = s.csrf;
      next();
    };
  }
}
