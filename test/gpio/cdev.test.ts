/** libgpiod tool output parsing (v1.6.3 as shipped in Debian bookworm, and v2.1), and the backend over fake tools. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  parseGpiodetect,
  parseGpiodVersion,
  parseGpioget,
  parseGpioinfo,
  parseGpiomonLine,
} from '../../drivers/gpio/cdev-parse.ts';
import { CdevGpio, pickChip, type GpiodTools, type ToolProcess } from '../../drivers/gpio/cdev.ts';
import { VirtualTimers } from '../../drivers/gpio/timers.ts';
import { isSelfcheckError } from '../../src/errors.ts';

const DETECT_PI4 = 'gpiochip0 [pinctrl-bcm2711] (58 lines)\ngpiochip1 [raspberrypi-exp-gpio] (8 lines)\n';
const DETECT_PI5 = [
  'gpiochip0 [gpio-brcmstb@107d508500] (32 lines)',
  'gpiochip1 [gpio-brcmstb@107d508500] (4 lines)',
  'gpiochip2 [gpio-brcmstb@107d517c00] (17 lines)',
  'gpiochip3 [gpio-brcmstb@107d517c00] (6 lines)',
  'gpiochip4 [pinctrl-rp1] (54 lines)',
  '',
].join('\n');

const INFO_V1 = [
  'gpiochip0 - 58 lines:',
  '\tline   0:     "ID_SDA"       unused   input  active-high ',
  '\tline   5:      "GPIO5"       unused   input  active-high ',
  '\tline  17:     "GPIO17"    "gpioset"  output  active-high [used]',
  '\tline  18:      unnamed       unused   input  active-high ',
  '\tline  42: "STATUS_LED_G_CLK" "led0" output active-high [used]',
].join('\n');

const INFO_V2 = [
  'gpiochip0 - 54 lines:',
  '\tline   0:\t"ID_SDA"        \tinput',
  '\tline   5:\t"GPIO5"         \tinput',
  '\tline  17:\t"GPIO17"        \toutput consumer="gpioset"',
  '\tline  23:\t"GPIO23"        \tinput active-low bias=pull-up consumer="gpiomon"',
].join('\n');

test('gpiodetect: chips with label and line count; the header chip is picked by label', () => {
  const pi4 = parseGpiodetect(DETECT_PI4);
  assert.equal(pi4[0], { name: 'gpiochip0', label: 'pinctrl-bcm2711', lines: 58 });
  assert.is(pickChip(pi4).name, 'gpiochip0');
  const pi5 = parseGpiodetect(DETECT_PI5);
  assert.is(pi5.length, 5);
  assert.is(pickChip(pi5).name, 'gpiochip4');
  assert.is(pickChip(pi5, 'gpio-brcmstb@107d517c00').name, 'gpiochip2');
  assert.is(pickChip(parseGpiodetect('gpiochip0 [gpio-mockup-A] (8 lines)'), undefined, 'gpiochip0').lines, 8);
  assert.throws(
    () => pickChip(pi5, 'pinctrl-bcm2711'),
    (e: unknown) => isSelfcheckError(e, 'gpio', 'no_chip'),
  );
  assert.equal(parseGpiodetect('garbage\n\n'), []);
});

test('gpioinfo v1 and v2: direction and who holds a line', () => {
  const [v1] = parseGpioinfo(INFO_V1);
  assert.is(v1!.chip, 'gpiochip0');
  const l = (n: number) => v1!.lines.find((x) => x.offset === n)!;
  assert.equal(l(5), { offset: 5, name: 'GPIO5', direction: 'input', consumer: undefined });
  assert.equal(l(17), { offset: 17, name: 'GPIO17', direction: 'output', consumer: 'gpioset' });
  assert.equal(l(18), { offset: 18, name: undefined, direction: 'input', consumer: undefined });
  assert.is(l(42).consumer, 'led0');
  const [v2] = parseGpioinfo(INFO_V2);
  const m = (n: number) => v2!.lines.find((x) => x.offset === n)!;
  assert.equal(m(5), { offset: 5, name: 'GPIO5', direction: 'input', consumer: undefined });
  assert.equal(m(17), { offset: 17, name: 'GPIO17', direction: 'output', consumer: 'gpioset' });
  assert.is(m(23).consumer, 'gpiomon');
});

test('versions, gpiomon lines in our formats, gpioget values', () => {
  assert.is(parseGpiodVersion('gpiodetect (libgpiod) v1.6.3\nCopyright (C) 2017-2018 Bartosz Golaszewski'), 1);
  assert.is(parseGpiodVersion('gpiodetect (libgpiod) v2.1.2'), 2);
  assert.equal(parseGpiomonLine('5 1'), { offset: 5, value: 1 });
  assert.equal(parseGpiomonLine('6 0'), { offset: 6, value: 0 });
  assert.equal(parseGpiomonLine('6 rising'), { offset: 6, value: 1 });
  assert.equal(parseGpiomonLine('23 falling'), { offset: 23, value: 0 });
  assert.is(parseGpiomonLine('event:  RISING EDGE offset: 5 timestamp: [1.2]'), undefined);
  assert.is(parseGpioget('1\n'), 1);
  assert.is(parseGpioget('"5"=inactive\n'), 0);
  assert.is(parseGpioget('x'), undefined);
});

/** Fake libgpiod v1 tools: records every run/spawn; gpiomon processes can be fed lines. */
function fakeTools(info = INFO_V1) {
  const calls: string[] = [];
  const live: Array<{ cmd: string; args: string[]; feed(l: string): void; alive: boolean }> = [];
  const tools: GpiodTools = {
    run(cmd, args) {
      calls.push(`${cmd} ${args.join(' ')}`.trim());
      if (cmd === 'gpiodetect')
        return Promise.resolve(args[0] === '--version' ? 'gpiodetect (libgpiod) v1.6.3' : DETECT_PI4);
      if (cmd === 'gpioinfo') return Promise.resolve(info);
      if (cmd === 'gpioget') return Promise.resolve('0\n');
      return Promise.reject(new Error(`unexpected ${cmd}`));
    },
    spawn(cmd, args) {
      calls.push(`${cmd} ${args.join(' ')}`);
      let onLine: (l: string) => void = () => undefined;
      let exit!: (c: number | null) => void;
      const exited = new Promise<number | null>((r) => (exit = r));
      const p = { cmd, args, alive: true, feed: (l: string) => onLine(l) };
      live.push(p);
      const proc: ToolProcess = {
        onLine: (fn) => (onLine = fn),
        exited,
        kill() {
          p.alive = false;
          exit(null);
          return exited.then(() => undefined);
        },
      };
      return Promise.resolve(proc);
    },
  };
  return { tools, calls, live };
}

test('cdev backend (libgpiod v1): held outputs replaced on change, busy lines refused, gpiomon edges debounced', async () => {
  const { tools, calls, live } = fakeTools();
  const timers = new VirtualTimers();
  const g = await CdevGpio.open({ tools, timers });
  assert.is(g.chip.name, 'gpiochip0');
  const light = await g.output(22, 0);
  await light.write(1);
  await light.write(1);
  assert.equal(
    calls.filter((c) => c.startsWith('gpioset')),
    ['gpioset --mode=signal gpiochip0 22=0', 'gpioset --mode=signal gpiochip0 22=1'],
  );
  assert.equal(
    live.filter((p) => p.cmd === 'gpioset').map((p) => p.alive),
    [false, true],
  );
  try {
    await g.output(17);
    assert.unreachable('line 17 is held by gpioset');
  } catch (e) {
    assert.ok(isSelfcheckError(e, 'gpio', 'busy'));
  }
  const beam = await g.input(5, { debounceMs: 10 });
  assert.ok(calls.includes('gpiomon -b --format=%o %e gpiochip0 5'));
  const seen: number[] = [];
  beam.watch((v) => seen.push(v));
  const mon = live.find((p) => p.cmd === 'gpiomon')!;
  mon.feed('5 1');
  timers.advance(3);
  mon.feed('5 0'); // bounce
  mon.feed('5 1');
  timers.advance(10);
  mon.feed('6 0'); // another line: ignored
  assert.equal(seen, [1]);
  assert.is(await beam.read(), 1);
  await g.close();
  assert.ok(live.every((p) => !p.alive));
});

test.run();
