/**
 * Parsers for the libgpiod command-line tools' output (v1.6 as in Debian bookworm / Raspberry Pi OS, and v2).
 * Pure functions, tested on recorded samples (test/gpio/cdev.test.ts).
 */
export interface DetectedChip {
  name: string;
  label: string;
  lines: number;
}

/** `gpiodetect`: one chip per line, "gpiochip0 [pinctrl-bcm2711] (58 lines)" (same in v1 and v2). */
export function parseGpiodetect(out: string): DetectedChip[] {
  const chips: DetectedChip[] = [];
  for (const line of out.split(/\r?\n/)) {
    const m = /^\s*(gpiochip\d+)\s+\[([^\]]*)\]\s+\((\d+)\s+lines?\)\s*$/.exec(line);
    if (m) chips.push({ name: m[1]!, label: m[2]!, lines: Number(m[3]) });
  }
  return chips;
}

export interface LineInfo {
  offset: number;
  name: string | undefined;
  direction: 'input' | 'output';
  /** Who holds the line (undefined = free). */
  consumer: string | undefined;
}

export interface ChipInfo {
  chip: string;
  lines: LineInfo[];
}

const unquote = (s: string | undefined): string | undefined =>
  s === undefined || s === 'unnamed' || s === 'unused' ? undefined : s.replace(/^"|"$/g, '');

/**
 * `gpioinfo`: a header per chip ("gpiochip0 - 54 lines:") then one line each.
 * v1: `line  17:     "GPIO17"    "gpioset"  output  active-high [used]` (name, consumer or unused, direction)
 * v2: `line  17:	"GPIO17"	output consumer="gpioset"` (attributes, consumer only when held)
 */
export function parseGpioinfo(out: string): ChipInfo[] {
  const chips: ChipInfo[] = [];
  let cur: ChipInfo | undefined;
  for (const raw of out.split(/\r?\n/)) {
    const head = /^(gpiochip\d+)\s+-\s+\d+\s+lines?:\s*$/.exec(raw);
    if (head) {
      cur = { chip: head[1]!, lines: [] };
      chips.push(cur);
      continue;
    }
    const m = /^\s+line\s+(\d+):\s*(.*)$/.exec(raw);
    if (!m || !cur) continue;
    const rest = m[2]!;
    const tokens: string[] = rest.match(/[a-z-]+="[^"]*"|"[^"]*"|\S+/g) ?? [];
    const dir = tokens.includes('output') ? 'output' : 'input';
    let consumer: string | undefined;
    const v2 = tokens.find((t) => t.startsWith('consumer='));
    if (v2) consumer = unquote(v2.slice('consumer='.length));
    else if (tokens[1] !== 'input' && tokens[1] !== 'output') consumer = unquote(tokens[1]); // v1: name, consumer, direction
    cur.lines.push({ offset: Number(m[1]), name: unquote(tokens[0]), direction: dir, consumer });
  }
  return chips;
}

/** Major version from `gpiodetect --version` ("gpiodetect (libgpiod) v1.6.3"). */
export function parseGpiodVersion(out: string): 1 | 2 {
  const m = /v(\d+)\.\d+/.exec(out);
  return m && Number(m[1]) >= 2 ? 2 : 1;
}

export interface MonEvent {
  offset: number;
  value: 0 | 1;
}

/**
 * One line of gpiomon output in the format we ask for: v1 `--format=%o %e` gives "5 1" (1 rising, 0 falling);
 * v2 `--format=%o %E` gives "5 rising". Undefined for anything else (a banner, a partial line).
 */
export function parseGpiomonLine(line: string): MonEvent | undefined {
  const m = /^\s*(\d+)\s+(0|1|rising|falling)\s*$/.exec(line);
  if (!m) return undefined;
  return { offset: Number(m[1]), value: m[2] === '1' || m[2] === 'rising' ? 1 : 0 };
}

/** `gpioget` output: v1 "1", v2 --numeric "1" (and v2's default `"5"=active` as a fallback). */
export function parseGpioget(out: string): 0 | 1 | undefined {
  const t = out.trim();
  if (t === '0' || /=inactive$/.test(t)) return 0;
  if (t === '1' || /=active$/.test(t)) return 1;
  return undefined;
}
