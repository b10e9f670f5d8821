/**
 * How receipt bytes reach the printer: a serial port (serialport, loaded only when configured, so `npm start`
 * on the simulator needs no native module) or a USB printer-class device file (/dev/usb/lp0, usblp driver).
 */
import { open } from 'node:fs/promises';
import { KioskError } from '../../src/roles/kiosk/actions.ts';

export interface PrinterTransport {
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** A node-serialport-like port (SerialPort or SerialPortMock). */
interface PortLike {
  write(data: Buffer, cb: (err: Error | null | undefined) => void): boolean;
  drain(cb: (err: Error | null) => void): void;
  close(cb: (err: Error | null) => void): void;
  isOpen: boolean;
}
/** Opens a port (SerialPort by default; tests pass SerialPortMock). */
export type OpenPort = (opts: { path: string; baudRate: number }, cb: (err: Error | null) => void) => PortLike;

export async function serialTransport(path: string, baudRate: number, openPort?: OpenPort): Promise<PrinterTransport> {
  let opener = openPort;
  if (!opener) {
    const { SerialPort } = await import('serialport');
    opener = (o, cb) => new SerialPort(o, cb);
  }
  const openWith = opener;
  const port = await new Promise<PortLike>((resolve, reject) => {
    const p = openWith({ path, baudRate }, (err) => (err ? reject(printerError('open', err)) : resolve(p)));
  });
  return {
    write: (bytes) =>
      new Promise<void>((resolve, reject) => {
        port.write(Buffer.from(bytes), (err) => {
          if (err) return reject(printerError('write', err));
          port.drain((e) => (e ? reject(printerError('write', e)) : resolve()));
        });
      }),
    close: () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
  };
}

/** USB printer class: the kernel's usblp exposes the printer as a character device; each job opens, writes, closes. */
export function deviceFileTransport(path: string): PrinterTransport {
  return {
    async write(bytes) {
      let fh;
      try {
        fh = await open(path, 'w');
        await fh.write(bytes);
      } catch (err) {
        throw printerError('write', err);
      } finally {
        await fh?.close();
      }
    },
    async close() {},
  };
}

function printerError(op: string, err: unknown): KioskError {
  const code = err instanceof Error && 'code' in err ? String((err as NodeJS.ErrnoException).code) : undefined;
  return new KioskError(
    'printer',
    `receipt printer ${op} failed`,
    { op, ...(code ? { errno: code } : {}) },
    { cause: err },
  );
}
