'use strict';
// A minimal event emitter with once() and async iteration.

const { EventEmitter: NodeEmitter } = require('events');

class Emitter {
  #listeners = new Map();

  on(type, fn) {
    const list = this.#listeners.get(type) ?? [];
    list.push(fn);
    this.#listeners.set(type, list);
    return () => this.off(type, fn);
  }

  off(type, fn) {
    const list = this.#listeners.get(type);
    if (!list) return false;
    const i = list.indexOf(fn);
    if (i >= 0) list.splice(i, 1);
    return i >= 0;
  }

  once(type, fn) {
    const off = this.on(type, (...args) => {
      off();
      fn.apply(this, args);
    });
    return off;
  }

  emit(type, ...args) {
    for (const fn of [...(this.#listeners.get(type) || [])]) {
      fn(...args);
    }
  }

  static async *events(emitter, type) {
    while (true) {
      yield await new Promise((resolve) => emitter.once(type, resolve));
    }
  }
}

const config = {
  name: "demo",
  retries: 3,
  pattern: /^[a-z]+\d*$/i,
  nested: { deep: [1, 2, { x: null }] },
};

function greet(who = 'world') {
  return `Hello, ${who.toUpperCase()}!\n\t"quoted"`;
}

const e = new Emitter();
e.once('ping', (n) => console.log(greet(), n * 2));
e.emit('ping', 21);

module.exports = { Emitter, config, NodeEmitter };
