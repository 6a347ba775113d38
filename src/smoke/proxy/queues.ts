/**
 * Shared queues (cpp-host src/shared_queue.cc): registered by name per VM id,
 * addressed by a non-zero token. Enqueueing notifies the root context that
 * registered the queue; those notifications are kept for the lifecycle to
 * deliver as proxy_on_queue_ready.
 */
import { Status, type StatusCode } from './abi.js';
import type { QueueReady } from './contract.js';

interface Queue {
  vmId: string;
  name: string;
  contextId: number;
  items: Uint8Array[];
}

export class SharedQueues {
  private readonly byToken = new Map<number, Queue>();
  private readonly byName = new Map<string, number>();
  private nextToken = 1;
  private ready: QueueReady[] = [];

  /** Creates the queue, or re-registers an existing one to `contextId`; returns its token. */
  register(vmId: string, name: string, contextId: number): number {
    const key = queueKey(vmId, name);
    const existing = this.byName.get(key);
    if (existing !== undefined) {
      this.byToken.get(existing)!.contextId = contextId;
      return existing;
    }
    const token = this.nextToken++;
    this.byToken.set(token, { vmId, name, contextId, items: [] });
    this.byName.set(key, token);
    return token;
  }

  resolve(vmId: string, name: string): number | undefined {
    return this.byName.get(queueKey(vmId, name));
  }

  enqueue(token: number, value: Uint8Array): StatusCode {
    const queue = this.byToken.get(token);
    if (!queue) return Status.NotFound;
    queue.items.push(value.slice());
    this.ready.push({ contextId: queue.contextId, token });
    return Status.Ok;
  }

  dequeue(token: number): { status: StatusCode; value?: Uint8Array } {
    const queue = this.byToken.get(token);
    if (!queue) return { status: Status.NotFound };
    const value = queue.items.shift();
    if (!value) return { status: Status.Empty };
    return { status: Status.Ok, value };
  }

  /** Removes and returns the queue-ready notifications recorded so far. */
  takeReady(): QueueReady[] {
    const ready = this.ready;
    this.ready = [];
    return ready;
  }
}

function queueKey(vmId: string, name: string): string {
  return `${vmId}\0${name}`;
}
