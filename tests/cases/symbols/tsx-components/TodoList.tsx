import React, { Component, useCallback, useState } from "react";
import type { ReactNode } from "react";

export type Todo = {
  id: number;
  title: string;
  done: boolean;
};

interface TodoItemProps {
  todo: Todo;
  onToggle(id: number): void;
  children?: ReactNode;
}

const emptyIcon = <span className="icon icon-empty" aria-hidden />;
export const STORAGE_KEY = "todos";

/** One row of the list. */
export const TodoItem = ({ todo, onToggle }: TodoItemProps) => (
  <li className={todo.done ? "done" : undefined} onClick={() => onToggle(todo.id)}>
    {todo.title}
  </li>
);

export const Empty: React.FC = () => <p>{emptyIcon} Nothing to do.</p>;

export function useTodos(initial: Todo[] = []) {
  const [todos, setTodos] = useState(initial);

  const toggle = useCallback((id: number) => {
    setTodos((list) => list.map((t) => (t.id === id ? { ...t, done: !t.done } : t)));
  }, []);

  const add = (title: string) => {
    setTodos((list) => [...list, { id: Date.now(), title, done: false }]);
  };

  return { todos, toggle, add };
}

export default function TodoList({ initial }: { initial?: Todo[] }) {
  const { todos, toggle } = useTodos(initial);

  function renderItem(todo: Todo) {
    return <TodoItem key={todo.id} todo={todo} onToggle={toggle} />;
  }

  if (todos.length === 0) return <Empty />;
  return <ul>{todos.map(renderItem)}</ul>;
}

interface CounterState {
  count: number;
}

export class Counter extends Component<{ step?: number }, CounterState> {
  static defaultProps = { step: 1 };
  state: CounterState = { count: 0 };

  increment = () => {
    this.setState(({ count }) => ({ count: count + (this.props.step ?? 1) }));
  };

  render() {
    return <button onClick={this.increment}>{this.state.count}</button>;
  }
}
