// A tiny observable store for the settings page.
import { EventEmitter } from "node:events";
import { debounce } from "./util.js";

export const DEFAULT_TTL = 60_000;
let instanceCount = 0;
var legacyMode = false, strict = true;

/**
 * Merges two plain objects, right wins.
 * @param {object} a
 * @param {object} b
 */
export function merge(a, b) {
  return { ...a, ...b };
}

function* entries(obj) {
  for (const key of Object.keys(obj)) {
    yield [key, obj[key]];
  }
}

const isPlainObject = (value) =>
  value !== null && typeof value === "object" && !Array.isArray(value);

export const clone = function (value) {
  return structuredClone(value);
};

/** Keeps state and tells subscribers when it changes. */
export class Store extends EventEmitter {
  static instances = 0;
  #state = {};
  #listeners = new Set();
  name;
  onError = (err) => console.error(`[${this.name}]`, err);

  constructor(name, initial = {}) {
    super();
    this.name = name;
    this.#state = merge({}, initial);
    Store.instances++;
    instanceCount++;
  }

  /** The current state (a copy). */
  get state() {
    return clone(this.#state);
  }

  set state(next) {
    if (!isPlainObject(next)) throw new TypeError("state must be an object");
    this.#state = next;
    this.#notify();
  }

  get size() {
    return Object.keys(this.#state).length;
  }

  subscribe(fn) {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  async load(url) {
    const res = await fetch(url);
    const parse = async (r) => r.json();
    this.state = merge(this.#state, await parse(res));
  }

  *[Symbol.iterator]() {
    yield* entries(this.#state);
  }

  #notify() {
    for (const fn of this.#listeners) fn(this.state);
  }

  static create(name) {
    return new Store(name);
  }
}

export const api = {
  baseUrl: "/api/v1",
  get headers() {
    return { "Content-Type": "application/json" };
  },
  async list(store) {
    return store.load(`${this.baseUrl}/settings`);
  },
  save: debounce(function (store) {
    return fetch(this.baseUrl, { method: "PUT", body: JSON.stringify(store.state) });
  }, 300),
  reset: (store) => {
    store.state = {};
  },
};

export default function createStore(name) {
  return Store.create(name);
}
