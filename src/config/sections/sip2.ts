import { z } from 'zod';

const tlsSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** PEM file of the CA that signed the ILS's certificate; the system CAs when absent. */
    caFile: z.string().min(1).optional(),
    /** Optional client certificate and key (PEM), for ILSs that authenticate the kiosk. */
    certFile: z.string().min(1).optional(),
    keyFile: z.string().min(1).optional(),
    /** Name to check the certificate against when it differs from `host`. */
    servername: z.string().min(1).optional(),
    /** Certificate verification is on by default; turning it off is logged at every connect. */
    rejectUnauthorized: z.boolean().default(true),
  })
  .strict();

export const sip2Schema = z
  .object({
    /** `builtin`: the in-process test ILS (what `npm start` uses). `remote`: a real ILS at host:port. */
    mode: z.enum(['builtin', 'remote']).default('builtin'),
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(1).max(65535).default(6001),
    tls: tlsSchema.prefault({}),
    /** SIP2 login (93 CN). The password (CO) is a secret: `passwordFile` or the `sip2-password` credential. */
    user: z.string().max(255).default('selfcheck'),
    passwordFile: z.string().min(1).optional(),
    /** AO institution id, CP/AP location code, AC terminal password (a secret too, optional). */
    institution: z.string().max(255).default('TESTLIB'),
    location: z.string().max(255).default('KIOSK1'),
    terminalPasswordFile: z.string().min(1).optional(),
    /** Per-ILS-account character set: the spec's default is code page 850 (sip2-facts.md quirk 4). */
    encoding: z.enum(['cp850', 'latin1', 'utf8']).default('cp850'),
    /** What we send; we accept CR, CRLF and a stray LF whatever this says (quirk 1). */
    terminator: z.enum(['CR', 'CRLF']).default('CR'),
    /** Error detection (AY/AZ). Some servers require it, some ignore it (quirk 2). */
    errorDetection: z.boolean().default(true),
    /** Reject responses whose checksum fails on both bytes and code points; otherwise warn and accept. */
    strictChecksum: z.boolean().default(true),
    /** Send 99 before 93 (Relais needs it, quirk 5). */
    statusBeforeLogin: z.boolean().default(false),
    /** Spec: 99 `max print width`. */
    maxPrintWidth: z.number().int().min(0).max(999).default(40),
    timeouts: z
      .object({
        connectMs: z.number().int().min(100).max(60_000).default(5_000),
        /** Per request. 98's timeout field is in tenths of a second; real ILSs answer checkouts in < 2 s. */
        requestMs: z.number().int().min(100).max(120_000).default(10_000),
        /** 99 keepalive: Koha's client_timeout drops idle sockets; "a status request every 5-7 mins" (quirk 9). */
        keepaliveMs: z.number().int().min(1_000).max(3_600_000).default(60_000),
        /** 97 resends before giving up on a response (php-sip2 uses 3). */
        resendRetries: z.number().int().min(0).max(10).default(3),
        /** Reconnect backoff, doubled from min to max. */
        reconnectMinMs: z.number().int().min(10).max(60_000).default(500),
        reconnectMaxMs: z.number().int().min(100).max(600_000).default(30_000),
      })
      .strict()
      .prefault({}),
    /** Options of the built-in test ILS (mode `builtin`, or `selfcheck sip2 serve`). */
    builtin: z
      .object({
        latencyMs: z.number().int().min(0).max(60_000).default(0),
      })
      .strict()
      .prefault({}),
  })
  .strict();
