/**
 * systemd notification (sd_notify) for Type=notify with WatchdogSec=: READY=1 once the service listens,
 * WATCHDOG=1 every WATCHDOG_USEC/2 from the event loop itself (so a wedged loop stops the pings and systemd
 * restarts us), STOPPING=1 at shutdown. Never tied to the ILS: an ILS outage is not a reason to restart a kiosk.
 * The datagram socket comes from the optional native `unix-dgram` package, loaded only when NOTIFY_SOCKET is set
 * (the npm `sd-notify` package needs libsystemd headers and does not export the watchdog; zigbee2mqtt made the same choice).
 */
import { createRequire } from 'node:module';
import type { Logger } from '../log/index.ts';

export interface NotifySocket {
  send(message: string): void;
  close(): void;
}

interface UnixDgram {
  createSocket(type: 'unix_dgram'): {
    send(buf: Buffer, offset: number, length: number, path: string, cb?: (err?: Error) => void): void;
    on(event: 'error', cb: (err: Error) => void): void;
    close(): void;
  };
}

/** Opens the notify socket named by NOTIFY_SOCKET, or returns undefined when not run by systemd. */
export function openNotifySocket(env: NodeJS.ProcessEnv, log: Logger): NotifySocket | undefined {
  const path = env['NOTIFY_SOCKET'];
  if (!path) return undefined;
  let dgram: UnixDgram;
  try {
    dgram = createRequire(import.meta.url)('unix-dgram') as UnixDgram;
  } catch (err) {
    log.warn({ err }, 'NOTIFY_SOCKET is set but the optional unix-dgram package is not installed: no sd_notify');
    return undefined;
  }
  // A leading '@' names a socket in the abstract namespace.
  const target = path.startsWith('@') ? `\0${path.slice(1)}` : path;
  const sock = dgram.createSocket('unix_dgram');
  sock.on('error', (err) => log.warn({ err }, 'sd_notify socket error'));
  return {
    send(message) {
      const buf = Buffer.from(message);
      sock.send(buf, 0, buf.length, target, (err) => {
        if (err) log.warn({ err }, 'sd_notify send failed');
      });
    },
    close: () => sock.close(),
  };
}

export interface SystemdNotifier {
  ready(status?: string): void;
  status(text: string): void;
  stopping(): void;
  close(): void;
}

/** Watchdog interval in ms from WATCHDOG_USEC (half of it, as sd_watchdog_enabled(3) advises), if this process is the one watched. */
export function watchdogIntervalMs(env: NodeJS.ProcessEnv, pid = process.pid): number | undefined {
  const usec = Number(env['WATCHDOG_USEC']);
  if (!Number.isFinite(usec) || usec <= 0) return undefined;
  const forPid = env['WATCHDOG_PID'];
  if (forPid && Number(forPid) !== pid) return undefined;
  return Math.max(1, Math.floor(usec / 1000 / 2));
}

export function createSystemdNotifier(
  log: Logger,
  env: NodeJS.ProcessEnv = process.env,
  socket = openNotifySocket(env, log),
): SystemdNotifier {
  let timer: NodeJS.Timeout | undefined;
  const interval = watchdogIntervalMs(env);
  if (socket && interval) {
    timer = setInterval(() => socket.send('WATCHDOG=1'), interval);
    timer.unref();
  }
  return {
    ready(status) {
      socket?.send(status ? `READY=1\nSTATUS=${status}` : 'READY=1');
    },
    status(text) {
      socket?.send(`STATUS=${text}`);
    },
    stopping() {
      if (timer) clearInterval(timer);
      timer = undefined;
      socket?.send('STOPPING=1');
    },
    close() {
      if (timer) clearInterval(timer);
      socket?.close();
    },
  };
}
