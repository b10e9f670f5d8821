/**
 * What a role gets from the service: configuration, logger, the ILS, a way to open the reader,
 * the HTTP server to mount its routes on, the event bus, and a place to register clean-up.
 * Built in src/service.ts; tests build their own with fakes.
 */
import type { Config } from './config/index.ts';
import type { Logger } from './log/index.ts';
import type { Ils } from './sip2/ils.ts';
import type { Reader } from './rfid/reader.ts';
import type { StationEvents } from './events.ts';
import type { Express } from 'express';

export interface Runtime {
  config: Config;
  log: Logger;
  /** Absolute path of the data directory (created at start, mode 0700). */
  dataDir: string;
  ils: Ils;
  /** Opens the configured reader (sim by default). Roles that use a reader call it once. */
  openReader(): Promise<Reader>;
  events: StationEvents;
  /** The express app, bound to loopback when the service listens; roles mount their routes before that. */
  app: Express;
  /** Registers a clean-up to run at stop, last registered first. */
  onStop(fn: () => Promise<void> | void): void;
}

export type RoleStart = (rt: Runtime) => Promise<void>;
