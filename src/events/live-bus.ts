import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/** Where an event goes: an article's readers, one user's sockets, the moderators, or the other instances. */
export type Audience = { article: string } | { user: string } | { moderation: true } | { instances: true };

export interface LiveEvent {
  type: string;
  audience: Audience;
  payload: Record<string, unknown>;
}

/** In-process hand-off from committed transactions to the socket gateways. */
@Injectable()
export class LiveBus {
  private readonly emitter = new EventEmitter().setMaxListeners(50);

  publish(events: LiveEvent[]): void {
    for (const e of events) this.emitter.emit('event', e);
  }

  subscribe(listener: (e: LiveEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
