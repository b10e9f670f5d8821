/** TI ASCII driver ↔ EVM emulator over a real socat pty pair and the serialport stack: contract, unplug, replug. */
import { test } from 'uvu';
import * as emulator from '../../drivers/ti-ascii/emulator.ts';
import * as driver from '../../drivers/ti-ascii/index.ts';
import { ptyEndToEnd } from '../3m/contract.ts';

test('pty end to end: inventory of 5, write/verify, AFI, EAS; socat killed → down; back → up', async () => {
  await ptyEndToEnd(emulator, driver);
});

test.run();
