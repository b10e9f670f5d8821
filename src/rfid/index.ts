/** ISO 15693 core: the Reader contract, request builders, response parsers, CRC, UIDs, anticollision, security. */
export * from './reader.ts';
export * from './flags.ts';
export * from './crc.ts';
export * from './uid.ts';
export * from './errors.ts';
export * from './responses.ts';
export * from './anticollision.ts';
export * from './write-verify.ts';
export * from './security.ts';
export type { AirReply, Transceive } from './air.ts';
export * as commands from './commands.ts';
export { Cmd } from './commands.ts';
