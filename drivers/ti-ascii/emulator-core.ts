/**
 * The TI TRF7970A EVM's side of the ASCII host protocol, backed by a SimField. Request mode (0x18) and inventory
 * (0x14) carry raw ISO 15693 frames; the EVM adds the CRC and prints what came back in brackets (rfid-vectors.md §D):
 * `[UID,RSSI]` / `[z]` / `[]` per inventory slot (UID LSB first, as on the air), `[flags+data]` for request mode.
 * The status lines without brackets are this emulator's wording; the driver only relies on the brackets.
 */
import type { AirReply } from '../../src/rfid/air.ts';
import type { SimField } from '../sim/field.ts';
import type { TiRequest } from './frame.ts';

export const CMD = {
  registerWrite: 0x10,
  inventory: 0x14,
  requestMode: 0x18,
  agc: 0xf0,
  amPm: 0xf1,
  ping: 0xff,
} as const;

/** TRF7970A Chip Status Control register (0x00): bit 5 = RF field on (0x21 = on, full power, 5 V). */
export const REG_CHIP_STATUS = 0x00;
export const RF_ON_BIT = 0x20;

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();

export class TiEmulatorCore {
  private rfOn = true;

  constructor(
    readonly field: SimField,
    private readonly antenna = 1,
  ) {}

  private air(req: Uint8Array): Promise<AirReply> {
    return this.field.transceive(req, { antenna: this.antenna });
  }

  /** The reply lines (without line endings) for one request. */
  async handle(r: TiRequest): Promise<string[]> {
    switch (r.cmd) {
      case CMD.ping:
        return ['TRF7970A EVM'];
      case CMD.registerWrite:
        for (let i = 0; i + 1 < r.params.length; i += 2) {
          if (r.params[i] !== REG_CHIP_STATUS) continue;
          const on = (r.params[i + 1]! & RF_ON_BIT) !== 0;
          // Field off and on again: every tag powers up in Ready (ISO 15693-3).
          if (on && !this.rfOn) this.field.rfReset();
          this.rfOn = on;
        }
        return ['Register write request.'];
      case CMD.agc:
        return ['AGC selection.'];
      case CMD.amPm:
        return ['AM/PM input selection.'];
      case CMD.inventory:
        return this.inventory(r.params);
      case CMD.requestMode:
        return this.request(r.params);
      default:
        return [`Unknown command ${r.cmd.toString(16).toUpperCase()}.`];
    }
  }

  private async inventory(iso: Uint8Array): Promise<string[]> {
    const head = 'ISO 15693 Inventory request.';
    if (iso.length < 3 || !((iso[0] ?? 0) & 0x04)) return [head, '[]'];
    const nSlots = (iso[0]! & 0x20) !== 0 ? 1 : 16;
    if (!this.rfOn) return [head, ...Array.from({ length: nSlots }, () => '[]')];
    const r = await this.air(iso);
    const slots = r.kind === 'slots' ? r.slots : [{ response: r.response, collision: r.collision }];
    return [
      head,
      ...slots.map((s) => {
        if (s.collision) return '[z]';
        if (!s.response || s.response.length !== 10) return '[]';
        const uid = s.response.subarray(2, 10);
        // RSSI: a fixed mid-scale reading per tag (the sim has no signal strength).
        return `[${hex(uid)},${(0x40 + (uid[0]! & 0x0f)).toString(16).toUpperCase()}]`;
      }),
    ];
  }

  private async request(iso: Uint8Array): Promise<string[]> {
    const head = 'Request mode.';
    if (iso.length < 2 || !this.rfOn) return [head, '[]'];
    const r = await this.air(iso);
    if (r.kind !== 'single') return [head, '[]'];
    if (r.collision) return [head, '[z]'];
    return [head, `[${r.response ? hex(r.response) : ''}]`];
  }
}
