/**
 * sysfs base-offset discovery on fake /sys/class/gpio trees of Raspberry Pi kernels: the header chip is at base 0
 * before 6.6, at 512 from 6.6 (dynamic numbering starts at 512), and a Pi 5's header (RP1, pinctrl-rp1) at 571.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverHeaderChip, SysfsGpio, type OnoffGpio } from '../../drivers/gpio/sysfs.ts';
import { isSelfcheckError } from '../../src/errors.ts';
import { VirtualTimers } from '../../drivers/gpio/timers.ts';

type Chip = [label: string, base: number, ngpio: number];

function tree(chips: Chip[]): string {
  const root = mkdtempSync(join(tmpdir(), 'sysfs-gpio-'));
  writeFileSync(join(root, 'export'), '');
  writeFileSync(join(root, 'unexport'), '');
  for (const [label, base, ngpio] of chips) {
    const dir = join(root, `gpiochip${base}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'label'), `${label}\n`);
    writeFileSync(join(dir, 'base'), `${base}\n`);
    writeFileSync(join(dir, 'ngpio'), `${ngpio}\n`);
  }
  return root;
}

const TREES: Record<string, { chips: Chip[]; label: string; base: number }> = {
  'Pi 3, kernel 6.1': {
    chips: [
      ['pinctrl-bcm2835', 0, 54],
      ['raspberrypi-exp-gpio', 504, 8],
    ],
    label: 'pinctrl-bcm2835',
    base: 0,
  },
  'Pi 3, kernel 6.6': {
    chips: [
      ['pinctrl-bcm2835', 512, 54],
      ['raspberrypi-exp-gpio', 566, 8],
    ],
    label: 'pinctrl-bcm2835',
    base: 512,
  },
  'Pi 4, kernel 6.1': {
    chips: [
      ['pinctrl-bcm2711', 0, 58],
      ['raspberrypi-exp-gpio', 504, 8],
    ],
    label: 'pinctrl-bcm2711',
    base: 0,
  },
  'Pi 4, kernel 6.6': {
    chips: [
      ['pinctrl-bcm2711', 512, 58],
      ['raspberrypi-exp-gpio', 570, 8],
    ],
    label: 'pinctrl-bcm2711',
    base: 512,
  },
  'Pi 5, kernel 6.6': {
    chips: [
      ['gpio-brcmstb@107d508500', 512, 32],
      ['gpio-brcmstb@107d508500', 544, 4],
      ['gpio-brcmstb@107d517c00', 548, 17],
      ['gpio-brcmstb@107d517c00', 565, 6],
      ['pinctrl-rp1', 571, 54],
    ],
    label: 'pinctrl-rp1',
    base: 571,
  },
};

for (const [name, t] of Object.entries(TREES)) {
  test(`${name}: header chip ${t.label} at base ${t.base}; BCM 17 → GPIO ${t.base + 17}`, async () => {
    const root = tree(t.chips);
    const chip = await discoverHeaderChip(root);
    assert.is(chip.label, t.label);
    assert.is(chip.base, t.base);
    const made: number[] = [];
    class FakeGpio implements OnoffGpio {
      constructor(n: number) {
        made.push(n);
      }
      read() {
        return Promise.resolve(0 as const);
      }
      write() {
        return Promise.resolve();
      }
      watch() {}
      unexport() {}
    }
    const g = await SysfsGpio.open({ root, Gpio: FakeGpio, timers: new VirtualTimers() });
    const out = await g.output(17, 0);
    await out.write(1);
    assert.is(out.value, 1);
    await g.input(5);
    assert.equal(made, [t.base + 17, t.base + 5]);
    await g.close();
  });
}

test('a configured label wins; a missing chip, a missing tree and a line past the chip are typed errors', async () => {
  const root = tree(TREES['Pi 5, kernel 6.6']!.chips);
  assert.is((await discoverHeaderChip(root, 'gpio-brcmstb@107d517c00')).base, 548);
  const fail = async (p: Promise<unknown>, code: string) => {
    try {
      await p;
    } catch (e) {
      assert.ok(isSelfcheckError(e, 'gpio', code), String(e));
      return;
    }
    assert.unreachable(`expected ${code}`);
  };
  await fail(discoverHeaderChip(root, 'pinctrl-bcm2711'), 'no_chip');
  await fail(discoverHeaderChip(tree([['gpio-mockup', 0, 8]])), 'no_chip');
  await fail(discoverHeaderChip(join(root, 'absent')), 'no_sysfs');
  class G implements OnoffGpio {
    read() {
      return Promise.resolve(0 as const);
    }
    write() {
      return Promise.resolve();
    }
    watch() {}
    unexport() {}
  }
  const g = await SysfsGpio.open({ root, Gpio: G });
  await fail(g.output(54), 'bad_line');
});

test('inputs: onoff edges go through the debounce; activeLow inverts', async () => {
  const root = tree(TREES['Pi 4, kernel 6.6']!.chips);
  const timers = new VirtualTimers(1000);
  let cb: ((err: Error | null | undefined, v: 0 | 1) => void) | undefined;
  class G implements OnoffGpio {
    read() {
      return Promise.resolve(1 as const);
    }
    write() {
      return Promise.resolve();
    }
    watch(fn: (err: Error | null | undefined, v: 0 | 1) => void) {
      cb = fn;
    }
    unexport() {}
  }
  const g = await SysfsGpio.open({ root, Gpio: G, timers });
  const input = await g.input(6, { debounceMs: 20, activeLow: true });
  assert.is(await input.read(), 0);
  const seen: Array<[number, number]> = [];
  input.watch((v, at) => seen.push([v, at]));
  cb!(null, 0); // beam broken (active low)
  timers.advance(5);
  cb!(null, 1); // bounce
  timers.advance(1);
  cb!(null, 0);
  timers.advance(19);
  assert.equal(seen, []);
  timers.advance(1);
  assert.equal(seen, [[1, 1006]]);
  await g.close();
});

test.run();
