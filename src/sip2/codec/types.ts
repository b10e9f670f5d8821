/** A SIP2 message as the codec sees it: what `selfcheck sip2 parse` prints. */
export interface Sip2Message {
  code: string;
  name: string;
  /** Fixed fields by name, as sent (strings of their exact lengths). */
  fixed: Record<string, string>;
  /** Variable fields by two-letter ID; repeatable ones (AF, AG, AS...) are arrays; unknown IDs are kept. */
  fields: Record<string, string | string[]>;
  /** AY, when present. */
  sequence?: number | undefined;
  checksum?: 'valid' | 'invalid' | 'absent';
}

/** What to build: the code, fixed values by name, fields in the order to send them. */
export interface Sip2Outgoing {
  code: string;
  fixed?: Record<string, string>;
  fields?: Array<[string, string | undefined]>;
}
