/**
 * Prometheus metrics (/metrics) for fleet monitoring, named per Prometheus conventions (prefix, base units, _total).
 * Labels are closed sets (result, reason code, message name, version); none can hold a patron or item value.
 */
import { createHash } from 'node:crypto';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { StationEvents } from '../events.ts';

const reasonPattern = /^[a-z0-9_.]{1,48}$/;

export interface Metrics {
  registry: Registry;
  /** The offline queue reports its depth and oldest entry here. */
  setOfflineQueue(depth: number, oldestAgeSeconds: number): void;
  /** The kiosk page reports that it is alive (heartbeat). */
  uiHeartbeat(): void;
  close(): void;
}

export function configHash(config: unknown): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 12);
}

export function createMetrics(events: StationEvents, build: { version: string; configHash: string }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'selfcheck_process_' });
  const sipUp = new Gauge({
    name: 'selfcheck_sip_up',
    help: '1 when the SIP2 connection to the ILS is logged in',
    registers: [registry],
  });
  const sipDuration = new Histogram({
    name: 'selfcheck_sip_request_duration_seconds',
    help: 'SIP2 request round trip time',
    labelNames: ['message', 'ok'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const readerUp = new Gauge({
    name: 'selfcheck_rfid_reader_up',
    help: '1 when the RFID reader answers',
    registers: [registry],
  });
  const circulation = new Counter({
    name: 'selfcheck_circulation_total',
    help: 'Checkouts, renewals and returns by result and reason code',
    labelNames: ['operation', 'result', 'reason'] as const,
    registers: [registry],
  });
  const checkouts = new Counter({
    name: 'selfcheck_checkouts_total',
    help: 'Checkouts by result and reason code',
    labelNames: ['result', 'reason'] as const,
    registers: [registry],
  });
  const securityFailures = new Counter({
    name: 'selfcheck_security_write_failures_total',
    help: 'Tag security writes that failed after their retries',
    registers: [registry],
  });
  const alarms = new Counter({
    name: 'selfcheck_gate_alarms_total',
    help: 'Gate alarms raised',
    registers: [registry],
  });
  const visitors = new Counter({
    name: 'selfcheck_gate_visitors_total',
    help: 'Visitors counted by the gate photocells',
    labelNames: ['direction'] as const,
    registers: [registry],
  });
  const queueDepth = new Gauge({
    name: 'selfcheck_offline_queue_depth',
    help: 'Offline transactions waiting',
    registers: [registry],
  });
  const queueAge = new Gauge({
    name: 'selfcheck_offline_queue_oldest_age_seconds',
    help: 'Age of the oldest offline transaction waiting',
    registers: [registry],
  });
  const heartbeat = new Gauge({
    name: 'selfcheck_ui_heartbeat_timestamp_seconds',
    help: 'Last time the kiosk page reported in',
    registers: [registry],
  });
  const info = new Gauge({
    name: 'selfcheck_build_info',
    help: 'Build and configuration of this station',
    labelNames: ['version', 'config_hash'] as const,
    registers: [registry],
  });
  info.set({ version: build.version, config_hash: build.configHash }, 1);
  sipUp.set(0);
  readerUp.set(0);
  queueDepth.set(0);
  queueAge.set(0);

  const off = events.on((e) => {
    const reason = 'reason' in e && e.reason && reasonPattern.test(e.reason) ? e.reason : 'none';
    switch (e.type) {
      case 'ils':
        sipUp.set(e.state === 'online' ? 1 : 0);
        break;
      case 'sip2_request':
        if (/^[a-z_]{1,32}$/.test(e.message)) sipDuration.observe({ message: e.message, ok: String(e.ok) }, e.seconds);
        break;
      case 'reader':
        readerUp.set(e.state === 'up' ? 1 : 0);
        break;
      case 'checkout':
        checkouts.inc({ result: e.result, reason });
        circulation.inc({ operation: 'checkout', result: e.result, reason });
        break;
      case 'renewal':
        circulation.inc({ operation: 'renewal', result: e.result, reason });
        break;
      case 'checkin':
        circulation.inc({ operation: 'checkin', result: e.result, reason });
        break;
      case 'security_write':
        if (e.result === 'failed') securityFailures.inc();
        break;
      case 'alarm':
        if (e.phase === 'start') alarms.inc();
        break;
      case 'visitor':
        visitors.inc({ direction: e.direction });
        break;
      default:
        break;
    }
  });

  return {
    registry,
    setOfflineQueue(depth, oldestAgeSeconds) {
      queueDepth.set(depth);
      queueAge.set(oldestAgeSeconds);
    },
    uiHeartbeat: () => heartbeat.set(Date.now() / 1000),
    close: () => off(),
  };
}
