// cache.ts: an LRU cache with typed events.
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';

export interface CacheOptions<V> {
  readonly max: number;
  ttlMs?: number;
  onEvict?: (key: string, value: V) => void;
}

type Entry<V> = { value: V; expires: number | null };

export enum EvictReason {
  Capacity = 'capacity',
  Expired = 'expired',
}

export class LruCache<V = unknown> extends EventEmitter {
  private readonly map = new Map<string, Entry<V>>();

  constructor(private readonly opts: CacheOptions<V>) {
    super();
  }

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    if (e.expires !== null && e.expires < Date.now()) {
      this.evict(key, EvictReason.Expired);
      return undefined;
    }
    this.map.delete(key);
    this.map.set(key, e);
    return e.value;
  }

  set(key: string, value: V): this {
    const expires = this.opts.ttlMs ? Date.now() + this.opts.ttlMs : null;
    this.map.delete(key);
    this.map.set(key, { value, expires });
    while (this.map.size > this.opts.max) {
      const oldest = this.map.keys().next().value as string;
      this.evict(oldest, EvictReason.Capacity);
    }
    return this;
  }

  private evict(key: string, reason: EvictReason): void {
    const e = this.map.get(key);
    if (e === undefined) return;
    this.map.delete(key);
    this.opts.onEvict?.(key, e.value);
    this.emit('evict', { key, reason } satisfies { key: string; reason: EvictReason });
  }
}

export function keysOf<T extends object>(o: T): Array<keyof T> {
  return Object.keys(o) as Array<keyof T>;
}

export async function drain(stream: Readable): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += String(chunk).replace(/\r\n/g, "\n");
  return out;
}
