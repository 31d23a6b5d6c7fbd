// A panel that lists users.
import React, { useEffect, useState } from 'react';
import { User, UserStore, openStore } from './users';
import * as ui from './ui';

type Props = { store?: UserStore; title: string };

function UserRow({ user, onRename }: { user: User; onRename: (u: User) => void }) {
  return (
    <ui.Row>
      <span>{user.name}</span>
      <ui.Button onClick={() => onRename(user)}>rename</ui.Button>
    </ui.Row>
  );
}

export function UserPanel({ store = openStore(), title }: Props) {
  const [users, setUsers] = useState<User[]>([]);
  useEffect(() => {
    store.find('admin').then((u) => setUsers(u ? [u] : []));
  }, [store]);
  const rename = async (user: User) => {
    const renamed = await store.rename(user.id, user.name.toUpperCase());
    setUsers(users.map((u) => (u.id === renamed.id ? renamed : u)));
  };
  return (
    <ui.Panel title={title}>
      {users.map((user) => (
        <UserRow key={user.id} user={user} onRename={rename} />
      ))}
    </ui.Panel>
  );
}
