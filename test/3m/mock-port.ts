/**
 * A MockBinding (node-serialport's mock, STYLE.md #3) whose port answers each write through `respond`, so driver
 * tests run the real serialport stack with recorded bytes and check the exact bytes written.
 */
import type { MockPortBinding } from '@serialport/binding-mock' with { 'resolution-mode': 'require' };
import { MockBinding } from '../serial/mock-binding.ts';

export interface ScriptedPort {
  binding: unknown;
  path: string;
  /** Every write, in order. */
  writes: Buffer[];
}

export function scriptedBinding(path: string, respond: (written: Buffer) => Buffer | undefined): ScriptedPort {
  MockBinding.reset();
  MockBinding.createPort(path, { echo: false, record: true });
  const writes: Buffer[] = [];
  const binding = {
    ...MockBinding,
    list: () => MockBinding.list(),
    async open(o: Parameters<typeof MockBinding.open>[0]): Promise<MockPortBinding> {
      const port = await MockBinding.open(o);
      const write = port.write.bind(port);
      port.write = async (buf: Buffer): Promise<void> => {
        await write(buf);
        writes.push(Buffer.from(buf));
        const reply = respond(Buffer.from(buf));
        if (reply) setImmediate(() => port.isOpen && port.emitData(reply));
      };
      return port;
    },
  };
  return { binding, path, writes };
}
