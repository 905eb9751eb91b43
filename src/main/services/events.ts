// Main → renderer events leave the services through this sink; Electron broadcasts them to windows, the web
// host to its WebSocket clients.
import type { EventName, EventPayload } from '../../shared/contract';

export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** A tiny fan-out used by the web host and tests. */
export class EventHub {
  private readonly listeners = new Set<(event: EventName, payload: unknown) => void>();
  readonly emit: EventSink = (event, payload) => {
    for (const listener of this.listeners) listener(event, payload);
  };
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
