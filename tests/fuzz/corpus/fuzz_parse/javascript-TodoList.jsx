import React, { useState, useCallback } from 'react';

// A todo list component with filtering.
function TodoItem({ todo, onToggle }) {
  return (
    <li className={todo.done ? 'done' : undefined}>
      <label>
        <input
          type="checkbox"
          checked={todo.done}
          onChange={() => onToggle(todo.id)}
        />
        {todo.text}
      </label>
    </li>
  );
}

export default function TodoList({ initial = [] }) {
  const [todos, setTodos] = useState(initial);
  const [filter, setFilter] = useState('all');

  const toggle = useCallback((id) => {
    setTodos((ts) => ts.map((t) => (t.id === id ? { ...t, done: !t.done } : t)));
  }, []);

  const visible = todos.filter((t) =>
    filter === 'all' ? true : filter === 'done' ? t.done : !t.done
  );

  return (
    <>
      <h1 title="Todos &amp; more">Todos ({visible.length})</h1>
      <nav>
        {['all', 'done', 'open'].map((f) => (
          <button key={f} disabled={f === filter} onClick={() => setFilter(f)}>
            {f}
          </button>
        ))}
      </nav>
      <ul>
        {visible.map((t) => (
          <TodoItem key={t.id} todo={t} onToggle={toggle} />
        ))}
      </ul>
      {visible.length === 0 && <p style={{ color: 'gray' }}>Nothing here.</p>}
    </>
  );
}
