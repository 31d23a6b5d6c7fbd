// Users on top of the entity stores.
import { Entity, FileStore, Store as EntityStore, isEntity } from './store';
import * as clocks from './clock';

export interface User extends Entity {
  name: string;
  email?: string;
}

export class UserStore extends FileStore<User> {
  validate(user: User): boolean {
    return super.validate(user) && user.name !== '';
  }

  async rename(id: string, name: string): Promise<User> {
    const user = await this.find(id);
    if (!user) {
      throw new Error(`no user ${id}`);
    }
    const renamed: User = { ...user, name };
    await this.save(renamed);
    return renamed;
  }
}

export function openStore(): EntityStore<User> {
  return new UserStore(new clocks.SystemClock());
}

export async function loadUser(store: EntityStore<User>, raw: unknown): Promise<User | null> {
  if (!isEntity(raw)) {
    return null;
  }
  const found = await store.find(raw.id);
  return found ?? (raw as User);
}
