/**
 * What every role runs besides its own work (issue 7): the PII-free statistics store fed by StationEvents, the
 * Prometheus registry at GET /metrics, the retention timer, and sd_notify (READY once listening, WATCHDOG from the
 * event loop itself, STOPPING at shutdown). Started by src/service.ts before the ILS connects, so the first
 * "ils online" event already reaches the metrics.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Express } from 'express';
import type { Config } from '../config/index.ts';
import type { Logger } from '../log/index.ts';
import type { StationEvents } from '../events.ts';
import { StatsStore } from '../stats/store.ts';
import { configHash, createMetrics, type Metrics } from '../stats/metrics.ts';
import { RetentionTimer } from '../privacy/retention.ts';
import { InventoryStore } from '../roles/inventory/store.ts';
import { softwareVersion } from '../privacy/audit.ts';
import { purgeQueueDir, queueDirDepth } from '../offline/queue.ts';
import { createSystemdNotifier, type SystemdNotifier } from './sd-notify.ts';
import { Gauge } from 'prom-client';
import { staffAlerts } from '../roles/kiosk/recovery.ts';
import { purgeJournalQuarantine } from '../roles/kiosk/journal.ts';

export interface StationOps {
  stats: StatsStore;
  metrics: Metrics;
  retention: RetentionTimer;
  /** The service listens: READY=1 to systemd. */
  ready(url: string): void;
  stop(): Promise<void>;
}

export interface StationOpsOptions {
  config: Config;
  log: Logger;
  events: StationEvents;
  dataDir: string;
  app: Express;
  env?: NodeJS.ProcessEnv;
  notifier?: SystemdNotifier;
}

export async function startStationOps(o: StationOpsOptions): Promise<StationOps> {
  const log = o.log.child({ module: 'ops' });
  const stats = await StatsStore.open(o.dataDir);
  stats.attach(o.events);
  const metrics = createMetrics(o.events, { version: softwareVersion(), configHash: configHash(o.config) });
  new Gauge({
    name: 'selfcheck_tag_security_unconfirmed',
    help: 'Items whose tag security the kiosk crash recovery could not confirm since start (staff alerts)',
    registers: [metrics.registry],
    collect() {
      this.set(staffAlerts.total);
    },
  });
  const offlineDir = join(o.dataDir, 'offline');
  // The queue is read from disk at scrape time: whichever role writes it, depth and age need no patron data.
  const refreshQueue = (): void => {
    if (!existsSync(offlineDir)) return metrics.setOfflineQueue(0, 0);
    const d = queueDirDepth(offlineDir);
    metrics.setOfflineQueue(d.depth, d.oldestAgeSeconds);
  };
  o.app.get('/metrics', (_req, res, next) => {
    try {
      refreshQueue();
    } catch (err) {
      log.warn({ err }, 'offline queue unreadable for metrics');
    }
    metrics.registry
      .metrics()
      .then((text) => res.type(metrics.registry.contentType).send(text))
      .catch(next);
  });

  const retention = new RetentionTimer(log);
  retention.register('statistics', (now) => stats.purgeOlderThan(o.config.privacy.statsRetentionDays, now));
  retention.register('offline', (now) =>
    existsSync(offlineDir) ? purgeQueueDir(offlineDir, o.config.offline.retentionDays, now) : 0,
  );
  // Saved inventory results (item IDs, call numbers, locations); alarm records purge in the gate role, their one writer.
  const inventoryDir = join(o.dataDir, 'inventory');
  retention.register('inventory', (now) =>
    existsSync(inventoryDir) ? new InventoryStore(o.dataDir).purgeOlderThan(o.config.inventory.retentionDays, now) : 0,
  );
  // A kiosk journal moved aside as unreadable (item IDs and tag UIDs only) is kept a few days for staff.
  retention.register('kiosk-journal', (now) => purgeJournalQuarantine(o.dataDir, now));
  retention.start(o.config.privacy.retentionIntervalMinutes);

  const notifier = o.notifier ?? createSystemdNotifier(log, o.env ?? process.env);
  return {
    stats,
    metrics,
    retention,
    ready(url) {
      notifier.ready(`listening on ${url}`);
    },
    async stop() {
      notifier.stopping();
      retention.stop();
      metrics.close();
      await stats.close();
      notifier.close();
    },
  };
}
