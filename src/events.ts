/**
 * Station events: what happened, never who. Roles emit these; statistics (src/stats), metrics
 * (/metrics) and the privacy audit listen. The types have no field that could hold a patron value,
 * and item IDs are absent too (statistics are aggregate counts; see privacy policy A.6).
 */
import { EventEmitter } from 'node:events';

export type StationEvent =
  | { type: 'checkout'; result: 'ok' | 'refused' | 'error' | 'offline'; reason?: string }
  | { type: 'renewal'; result: 'ok' | 'refused' | 'error'; reason?: string }
  | { type: 'checkin'; result: 'ok' | 'refused' | 'error'; reason?: string; routedToStaff?: boolean }
  | { type: 'security_write'; result: 'ok' | 'failed' }
  | { type: 'session'; phase: 'start' | 'end'; language?: string }
  | { type: 'alarm'; phase: 'start' | 'end' }
  | { type: 'visitor'; direction: 'in' | 'out' }
  | { type: 'reader'; state: 'up' | 'down' }
  | { type: 'ils'; state: 'online' | 'offline' }
  | { type: 'sip2_request'; message: string; seconds: number; ok: boolean }
  | { type: 'inventory_read'; count: number };

export class StationEvents {
  private readonly emitter = new EventEmitter();

  emit(event: StationEvent): void {
    this.emitter.emit('event', { ...event, at: Date.now() });
  }

  on(listener: (event: StationEvent & { at: number }) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
