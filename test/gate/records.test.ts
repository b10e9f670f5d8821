/** Alarm records: times always; item IDs only when enabled, and purged after the configured days. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlarmRecords } from '../../src/roles/gate/records.ts';
import { LIGHT, pollFor, rig, tag } from './helpers.ts';

const DAY = 86_400_000;

test('no item IDs unless the library turns them on', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gate-rec-'));
  const r = await AlarmRecords.open(dir, { keepItemIdsDays: 0, keepTimesDays: 365 }, 0);
  const id = r.start(1000, 1);
  r.addItem(id, { uid: 'E004015012345678', itemId: '31234000012345' });
  r.end(id, 4000);
  await r.flush();
  const text = readFileSync(join(dir, 'gate-alarms.json'), 'utf8');
  assert.not.match(text, '31234000012345');
  assert.not.match(text, 'E004015012345678');
  assert.equal(r.list(), [{ id: 1, at: 1000, antenna: 1, endedAt: 4000 }]);
  assert.is(statSync(join(dir, 'gate-alarms.json')).mode & 0o777, 0o600);
});

test('item IDs kept for N days at most, then stripped; times dropped after keepTimesDays; config change applies at open', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gate-rec-'));
  const now = 100 * DAY;
  const r = await AlarmRecords.open(dir, { keepItemIdsDays: 2, keepTimesDays: 30 }, now);
  const old = r.start(now - 40 * DAY);
  const a = r.start(now - 3 * DAY);
  const b = r.start(now - 1 * DAY);
  for (const id of [old, a, b]) r.addItem(id, { uid: 'E004015012345678', itemId: `item${id}` });
  assert.is(r.list().find((x) => x.id === b)!.items![0]!.itemId, `item${b}`);
  assert.equal(await r.purge(now), { removed: 1, stripped: 1 });
  assert.equal(
    r.list().map((x) => [x.id, x.items?.length ?? 0]),
    [
      [a, 0],
      [b, 1],
    ],
  );
  await r.flush();
  // The library turns item IDs off: the next start strips every kept ID.
  const again = await AlarmRecords.open(dir, { keepItemIdsDays: 0, keepTimesDays: 30 }, now);
  assert.ok(again.list().every((x) => x.items === undefined));
  assert.not.match(readFileSync(join(dir, 'gate-alarms.json'), 'utf8'), 'item');
});

test('the gate records the alarmed item ID when enabled (decoder + tag memory), and the ILS verdict', async () => {
  const data = new TextEncoder().encode('ITEM-0042'.padEnd(112, '\0'));
  const checked: string[] = [];
  const r = await rig(
    { gate: { keepAlarmedItemIdsDays: 7, ilsCheck: true, alarmHoldMs: 300 } },
    {
      deps: {
        decode: (bytes) => new TextDecoder().decode(bytes).replace(/\0+$/, ''),
        ils: {
          itemInfo: (id: string) => {
            checked.push(id);
            return Promise.resolve({ circulationStatus: '04' });
          },
        } as never,
      },
    },
  );
  const verdicts: unknown[] = [];
  r.gate.on('gate', (e: { type: string; verdict?: string }) => e.type === 'check' && verdicts.push(e.verdict));
  const t = tag(0x07, { data });
  r.field.addTag(t);
  await pollFor(r, 50);
  await new Promise((res) => setImmediate(res));
  assert.is(r.gpio.outputValue(LIGHT), 1);
  assert.equal(checked, ['ITEM-0042']);
  assert.equal(verdicts, ['checked_out']);
  assert.equal(r.records.list()[0]!.items, [{ uid: t.uid, itemId: 'ITEM-0042' }]);
  assert.is(r.gate.status().lastCheck!.verdict, 'checked_out');
});

test.run();
