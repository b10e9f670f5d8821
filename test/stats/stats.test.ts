import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StationEvents } from '../../src/events.ts';
import { StatsStore, countersFor } from '../../src/stats/store.ts';
import { statsToCsv } from '../../src/stats/csv.ts';
import { createMetrics } from '../../src/stats/metrics.ts';

test('events map to hourly counters; reasons outside the code pattern become "other"', () => {
  assert.equal(countersFor({ type: 'checkout', result: 'ok' }), ['checkouts_ok']);
  assert.equal(countersFor({ type: 'checkout', result: 'refused', reason: 'item_on_hold' }), [
    'checkouts_refused',
    'refused:item_on_hold',
  ]);
  assert.equal(countersFor({ type: 'checkout', result: 'refused', reason: 'Patron 23333000000001 blocked' }), [
    'checkouts_refused',
    'refused:other',
  ]);
  assert.equal(countersFor({ type: 'checkin', result: 'ok', routedToStaff: true }), [
    'returns_ok',
    'returns_routed_to_staff',
  ]);
  assert.equal(countersFor({ type: 'visitor', direction: 'in' }), ['visitors_in']);
});

test('the store counts per hour, writes only counters, exports CSV and purges old hours', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stats-'));
  const events = new StationEvents();
  const store = await StatsStore.open(dir);
  store.attach(events, 10);
  events.emit({ type: 'checkout', result: 'ok' });
  events.emit({ type: 'checkout', result: 'ok' });
  events.emit({ type: 'checkout', result: 'refused', reason: 'patron_blocked' });
  store.add('alarms', Date.parse('2024-01-01T05:30:00Z'));
  await store.close();
  const onDisk = JSON.parse(readFileSync(join(dir, 'stats.json'), 'utf8'));
  const hour = Object.values(onDisk.hours as Record<string, Record<string, number>>).find((h) => h['checkouts_ok']);
  assert.equal(hour, { checkouts_ok: 2, checkouts_refused: 1, 'refused:patron_blocked': 1 });
  const csv = statsToCsv(onDisk.hours);
  assert.ok(
    csv.startsWith(
      'hour_utc,alarms,checkouts_ok,checkouts_refused,refused:patron_blocked\n2024-01-01T05:00Z,1,0,0,0\n',
    ),
  );
  const reopened = await StatsStore.open(dir);
  assert.is(await reopened.purgeOlderThan(365), 1);
  assert.is(reopened.oldestHour()?.startsWith('2024'), false);
  await reopened.close();
});

test('metrics follow Prometheus naming and carry no patron or item values', async () => {
  const events = new StationEvents();
  const m = createMetrics(events, { version: '1.2.3', configHash: 'abc' });
  events.emit({ type: 'ils', state: 'online' });
  events.emit({ type: 'sip2_request', message: 'checkout', seconds: 0.12, ok: true });
  events.emit({ type: 'checkout', result: 'refused', reason: '31234000000011 is lost' });
  events.emit({ type: 'checkout', result: 'ok' });
  m.setOfflineQueue(3, 120);
  const text = await m.registry.metrics();
  assert.match(text, /selfcheck_sip_up 1/);
  assert.match(text, /selfcheck_checkouts_total\{result="ok",reason="none"\} 1/);
  assert.match(text, /selfcheck_checkouts_total\{result="refused",reason="none"\} 1/);
  assert.match(text, /selfcheck_offline_queue_depth 3/);
  assert.match(text, /selfcheck_build_info\{version="1.2.3",config_hash="abc"\} 1/);
  assert.match(text, /selfcheck_sip_request_duration_seconds_bucket/);
  assert.not.match(text, /31234000000011/);
  m.close();
});

test.run();
