// Generic entity stores.
import type { Clock } from './clock';
import { EventEmitter } from 'events';
import fs = require('fs');

export interface Entity {
  id: string;
  updated?: Date;
}

export interface Store<T extends Entity = Entity> {
  find(id: string): Promise<T | undefined>;
  save(entity: T): Promise<void>;
}

export type Listener<T extends Entity> = (entity: T, store: Store<T>) => void;

function injectable(): ClassDecorator {
  return () => undefined;
}

export abstract class BaseStore<T extends Entity> extends EventEmitter implements Store<T> {
  protected readonly items = new Map<string, T>();

  constructor(protected clock: Clock) {
    super();
  }

  abstract validate(entity: T): boolean;

  async find(id: string): Promise<T | undefined> {
    return this.items.get(id);
  }

  async save(entity: T): Promise<void> {
    if (!this.validate(entity)) {
      throw new StoreError(`invalid ${entity.id}`);
    }
    entity.updated = this.clock.now();
    this.items.set(entity.id, entity);
    this.emit('save', entity);
  }
}

@injectable()
export class FileStore<T extends Entity> extends BaseStore<T> {
  validate(entity: T): boolean {
    return entity.id.length > 0;
  }

  dump(path: string): void {
    const rows = [...this.items.values()] as Entity[];
    fs.writeFileSync(path, JSON.stringify(rows));
  }
}

export class StoreError extends Error {}

export function isEntity(value: unknown): value is Entity {
  return typeof value === 'object' && value !== null && 'id' in value;
}
