/**
 * A TCP proxy in front of the test ILS for the offline tests: it records every message the station sends, in the
 * order the ILS receives them (the test ILS itself keeps only message codes), can delay each one (a slow ILS, so a
 * forwarding pass takes a while), and goes down and up on the same port (an ILS outage the station sees as such).
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export class Sip2Proxy {
  /** Station → ILS messages as text, without the terminator. */
  readonly messages: string[] = [];
  delayMs = 0;
  port = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly target: { host: string; port: number }) {}

  async listen(port = this.port): Promise<number> {
    const server = createServer((client) => this.pipe(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this.port;
  }

  /** The ILS is gone: no new connections, and the open ones drop. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    const srv = this.server;
    this.server = undefined;
    if (srv) await new Promise<void>((r) => srv.close(() => r()));
  }

  private pipe(client: Socket): void {
    const ils = createConnection(this.target);
    this.sockets.add(client).add(ils);
    let pending = '';
    let chain = Promise.resolve();
    client.on('data', (chunk) => {
      pending += chunk.toString('utf8');
      let end: number;
      while ((end = pending.indexOf('\r')) >= 0) {
        const frame = pending.slice(0, end + 1);
        pending = pending.slice(end + 1).replace(/^\n/, '');
        chain = chain.then(async () => {
          if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
          this.messages.push(frame.replace(/\r$/, ''));
          if (!ils.destroyed) ils.write(frame);
        });
      }
    });
    ils.on('data', (chunk) => {
      if (!client.destroyed) client.write(chunk);
    });
    const drop = (): void => {
      client.destroy();
      ils.destroy();
      this.sockets.delete(client);
      this.sockets.delete(ils);
    };
    client.on('close', drop).on('error', drop);
    ils.on('close', drop).on('error', drop);
  }
}
