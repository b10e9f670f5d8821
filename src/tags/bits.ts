/** MSB-first bit strings, as ISO/IEC 15962 and ISO 28560-2 pack their 4/5/6/7-bit character codes. */

export class BitWriter {
  private readonly bytes: number[] = [];
  private acc = 0;
  private used = 0;

  write(value: number, width: number): void {
    for (let i = width - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      if (++this.used === 8) {
        this.bytes.push(this.acc);
        this.acc = 0;
        this.used = 0;
      }
    }
  }

  /** Bits still needed to reach a byte boundary. */
  get spare(): number {
    return this.used === 0 ? 0 : 8 - this.used;
  }

  /** Completes the last byte with `pattern`, its leading `spare` bits taken MSB-first from a 8-bit pattern. */
  finish(pattern8: number): Uint8Array {
    const n = this.spare;
    if (n > 0) this.write(pattern8 >> (8 - n), n);
    return Uint8Array.from(this.bytes);
  }
}

export class BitReader {
  private pos = 0;
  constructor(private readonly data: Uint8Array) {}

  get remaining(): number {
    return this.data.length * 8 - this.pos;
  }

  read(width: number): number {
    let v = 0;
    for (let i = 0; i < width; i++) {
      const bit = (this.data[this.pos >> 3]! >> (7 - (this.pos & 7))) & 1;
      v = (v << 1) | bit;
      this.pos++;
    }
    return v;
  }
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase();
}
