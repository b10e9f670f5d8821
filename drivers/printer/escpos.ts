/**
 * ESC/POS receipt layout, pure: Receipt → bytes. Commands from the Epson ESC/POS Application Programming Guide
 * (also implemented by Star, Bixolon, Citizen and most 58/80 mm kiosk printers):
 *   ESC @        1B 40        initialize (clears modes left by a previous job)
 *   ESC t n      1B 74 02     character code table PC850 (Multilingual), so Spanish á é í ñ ü ¿ ¡ print
 *   ESC a n      1B 61 n      justification: 0 left, 1 centre
 *   ESC E n      1B 45 n      emphasis (bold) on/off
 *   LF           0A           print and feed one line
 *   ESC d n      1B 64 n      print and feed n lines
 *   GS V m n     1D 56 42 n   feed to the cutter (+n) and partial cut (function B, m = 66)
 * Text is wrapped to the paper width in characters (42 on 80 mm with font A; 32 on 58 mm).
 */
import iconv from 'iconv-lite';
import type { Receipt } from './types.ts';

export const ESC = 0x1b;
export const GS = 0x1d;
export const LF = 0x0a;

export const INIT = [ESC, 0x40];
export const CODEPAGE_PC850 = [ESC, 0x74, 0x02];
export const ALIGN_LEFT = [ESC, 0x61, 0x00];
export const ALIGN_CENTER = [ESC, 0x61, 0x01];
export const BOLD_ON = [ESC, 0x45, 0x01];
export const BOLD_OFF = [ESC, 0x45, 0x00];
export const feedLines = (n: number): number[] => [ESC, 0x64, n];
export const partialCut = (feed: number): number[] => [GS, 0x56, 0x42, feed];

/** Printable text only: control characters in a title must not become printer commands. */
function clean(text: string): string {
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, ' ');
}

/** Greedy word wrap; words longer than the width are split. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of clean(text).split(/\s+/).filter(Boolean)) {
    let w = word;
    while (w.length > width) {
      if (line) lines.push(line);
      lines.push(w.slice(0, width));
      line = '';
      w = w.slice(width);
    }
    if (!line) line = w;
    else if (line.length + 1 + w.length <= width) line += ` ${w}`;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function text(line: string): number[] {
  return [...iconv.encode(line, 'cp850'), LF];
}

export function layoutReceipt(r: Receipt, width: number): Uint8Array {
  const out: number[] = [...INIT, ...CODEPAGE_PC850, ...ALIGN_CENTER, ...BOLD_ON];
  for (const h of r.header) for (const l of wrap(h, width)) out.push(...text(l));
  out.push(...BOLD_OFF, ...ALIGN_LEFT, LF);
  for (const item of r.items) {
    for (const l of wrap(item.title, width)) out.push(...text(l));
    if (item.due) for (const l of wrap(`${r.dueLabel}: ${item.due}`, width - 2)) out.push(...text(`  ${l}`));
    out.push(LF);
  }
  out.push(...ALIGN_CENTER);
  for (const f of r.footer) for (const l of wrap(f, width)) out.push(...text(l));
  out.push(...ALIGN_LEFT, ...feedLines(3), ...partialCut(0));
  return Uint8Array.from(out);
}
