/** 3M driver ↔ 3M emulator over a real socat pty pair and the serialport stack: contract, unplug, replug. */
import { test } from 'uvu';
import * as emulator from '../../drivers/3m/emulator.ts';
import * as driver from '../../drivers/3m/index.ts';
import { ptyEndToEnd } from './contract.ts';

test('pty end to end: inventory of 5, write/verify, AFI, EAS; socat killed → down; back → up', async () => {
  await ptyEndToEnd(emulator, driver);
});

test.run();
