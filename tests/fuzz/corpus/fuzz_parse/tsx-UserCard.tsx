
import React, { useEffect, useState } from 'react';

export interface User {
  id: number;
  name: string;
  email?: string;
  roles: ReadonlyArray<'admin' | 'user'>;
}

type Props = {
  userId: number;
  fetchUser: (id: number) => Promise<User>;
  children?: React.ReactNode;
};

// Loads a user and renders a card; generic helper below.
function first<T,>(items: readonly T[]): T | undefined {
  return items[0];
}

export const UserCard: React.FC<Props> = ({ userId, fetchUser, children }) => {
  const [user, setUser] = useState<User | null>(null);
  const [error, setError] = useState<string>('');

  useEffect(() => {
    let cancelled = false;
    fetchUser(userId)
      .then((u) => !cancelled && setUser(u))
      .catch((e: unknown) => setError(String(e)));
    return () => {
      cancelled = true;
    };
  }, [userId, fetchUser]);

  if (error) return <p className="error">Failed: {error}</p>;
  if (!user) return <Spinner size={16} label="Loading&hellip;" />;

  return (
    <article data-id={user.id} className="card">
      <h2>{user.name}</h2>
      {user.email ? <a href={`mailto:${user.email}`}>{user.email}</a> : null}
      <ul>
        {user.roles.map((r) => (
          <li key={r}>{r === 'admin' ? <strong>{r}</strong> : r}</li>
        ))}
      </ul>
      <small>first role: {first(user.roles) ?? "none"}</small>
      {children}
    </article>
  );
};

function Spinner({ size, label }: { size: number; label: string }) {
  return <span style={{ width: size, height: size }} aria-label={label} />;
}
