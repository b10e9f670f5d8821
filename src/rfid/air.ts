/**
 * What one request on the air gives back, as the reader sees it (no SOF/EOF/CRC). The sim field produces it
 * directly; reader emulators of the serial drivers relay it; anticollision.ts consumes it.
 */
export type AirReply =
  /** response null = no answer; collision = more than one tag answered (the reader saw garbage). */
  | { kind: 'single'; response: Uint8Array | null; collision: boolean; airUs: number }
  | { kind: 'slots'; slots: Array<{ response: Uint8Array | null; collision: boolean }>; airUs: number };

export type Transceive = (request: Uint8Array) => Promise<AirReply>;
