/**
 * Reader-contract checks shared by the 3M and TI driver tests (memory link and pty): a field of 5 tags (3 ICODE SLIX,
 * 2 TI Tag-it), inventory, AFI filter, write with read-back verify, AFI write/lock, EAS, system info.
 */
import * as assert from 'uvu/assert';
import { silentLogger, type Logger } from '../../src/log/index.ts';
import { isReaderError, type Reader } from '../../src/rfid/reader.ts';
import { writeBlocksVerified } from '../../src/rfid/write-verify.ts';
import { SimField } from '../../drivers/sim/field.ts';
import { SimTag } from '../../drivers/sim/tag.ts';

export const NXP = ['E004015000000001', 'E004015000000002', 'E004015000000003'];
export const TI = ['E007000000000004', 'E007000000000005'];
export const ALL = [...NXP, ...TI];

export function fiveTagField(timing: 'virtual' | 'real' = 'virtual'): SimField {
  const field = new SimField({ timing, seed: 7 });
  for (const uid of NXP) field.addTag(new SimTag({ uid, afi: 0x07, dsfid: 0x06, eas: true }));
  for (const uid of TI) field.addTag(new SimTag({ uid, family: 'tagit-hfi-plus', afi: 0x07 }));
  return field;
}

export async function rejects(p: Promise<unknown>, code: string): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    assert.ok(isReaderError(e), String(e));
    assert.is((e as { code: string }).code, code, String(e));
    return e;
  }
  assert.unreachable(`expected ${code}`);
  return undefined;
}

/** The whole contract on a reader whose field is `fiveTagField()`. */
export async function exerciseContract(r: Reader, field: SimField): Promise<void> {
  assert.equal((await r.inventory()).map((t) => t.uid).sort(), [...ALL].sort());
  assert.equal(await r.inventory({ afi: 0xc2 }), []);
  // Read, write with read-back verify (src/rfid/write-verify.ts), on both families (TI needs the option flag).
  for (const uid of [NXP[0]!, TI[0]!]) {
    const data = Uint8Array.from({ length: 16 }, (_, i) => (i * 7 + uid.charCodeAt(15)) & 0xff);
    const res = await writeBlocksVerified(r, uid, 1, data, 2);
    assert.ok(res.ok, JSON.stringify(res));
    assert.equal([...(await r.readBlocks(uid, 1, 4))], [...data]);
    assert.equal([...field.tag(uid)!.blocks[2]!], [...data.subarray(4, 8)]);
  }
  // A long read crosses the driver's chunk size.
  assert.is((await r.readBlocks(NXP[1]!, 0, 20)).length, 80);
  // AFI: check out (C2) then the gate's filtered inventory no longer sees it; lock AFI.
  await r.writeAfi(NXP[1]!, 0xc2);
  await r.writeAfi(TI[1]!, 0xc2);
  assert.is(field.tag(TI[1]!)!.afi, 0xc2);
  assert.equal((await r.inventory({ afi: 0xc2 })).map((t) => t.uid).sort(), [NXP[1]!, TI[1]!].sort());
  assert.is((await r.inventory({ afi: 0x07 })).length, 3);
  assert.is((await r.systemInfo(NXP[1]!)).afi, 0xc2);
  await r.lockAfi(NXP[2]!);
  assert.ok(field.tag(NXP[2]!)!.afiLocked);
  await rejects(r.writeAfi(NXP[2]!, 0xc2), 'tag_error');
  // EAS: addressed read-back and the unaddressed alarm.
  assert.is(await r.easAlarm(NXP[0]), true);
  await r.setEas(NXP[0]!, false);
  assert.is(field.tag(NXP[0]!)!.eas, false);
  assert.is(await r.easAlarm(NXP[0]), false);
  assert.is(await r.easAlarm(), true);
  for (const uid of NXP.slice(1)) await r.setEas(uid, false);
  assert.is(await r.easAlarm(), false);
  // System info, DSFID, lock block, errors.
  const info = await r.systemInfo(TI[0]!);
  assert.is(info.uid, TI[0]!);
  await r.writeDsfid(TI[0]!, 0x06);
  assert.is(field.tag(TI[0]!)!.dsfid, 0x06);
  await r.lockBlock(NXP[1]!, 3);
  await rejects(r.writeBlocks(NXP[1]!, 3, new Uint8Array(4)), 'tag_error');
  await rejects(r.readBlocks('E004015099999999', 0, 1), 'no_tag');
  await rejects(r.writeBlocks(NXP[0]!, 0, new Uint8Array(3)), 'unsupported');
}

/** Waits for a reader 'state' event (bounded). */
export function nextState(r: Reader, want: 'up' | 'down', ms = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      r.off('state', on);
      reject(new Error(`no '${want}' within ${ms} ms`));
    }, ms);
    const on = (s: 'up' | 'down'): void => {
      if (s !== want) return;
      clearTimeout(t);
      r.off('state', on);
      resolve();
    };
    r.on('state', on);
  });
}

/**
 * Driver and emulator on the two ends of a socat pty pair: the contract, then unplug (socat killed → 'down' and
 * 'reader_gone'), then replug (socat back → 'up', inventory works).
 */
export async function ptyEndToEnd(
  emulator: { startEmulator(o: { path: string; field: SimField; log: Logger }): Promise<{ close(): Promise<void> }> },
  driver: { openReader(o: OpenOpts): Promise<Reader> },
): Promise<void> {
  const { createPtyPair } = await import('../../drivers/serial/pty.ts');
  const pair = await createPtyPair();
  const field = fiveTagField();
  const emu = await emulator.startEmulator({ path: pair.a, field, log: silentLogger });
  const reader = await driver.openReader({
    path: pair.b,
    log: silentLogger,
    commandTimeoutMs: 1000,
    reconnectMs: 100,
    antennas: [1],
  });
  try {
    await exerciseContract(reader, field);
    const down = nextState(reader, 'down');
    await pair.unplug();
    await down;
    await rejects(reader.inventory(), 'reader_gone');
    const up = nextState(reader, 'up');
    await pair.replug();
    await up;
    // The emulator reopens its end on its own reconnect timer; give it a few tries.
    let n = -1;
    for (let i = 0; i < 20 && n !== 5; i++) {
      n = await reader.inventory().then(
        (t) => t.length,
        () => -1,
      );
      if (n !== 5) await new Promise((r) => setTimeout(r, 100));
    }
    assert.is(n, 5);
  } finally {
    await reader.close();
    await emu.close();
    await pair.close();
  }
}

export interface OpenOpts {
  path: string;
  log: Logger;
  commandTimeoutMs: number;
  reconnectMs: number;
  antennas: number[];
}
