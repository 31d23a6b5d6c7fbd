'use strict';

const assert = require('assert');
const { EventEmitter } = require('events');

const DEFAULT_MAX = 500;
var hits = 0, misses = 0;

// An LRU cache in the pre-class style: a constructor function and methods
// on its prototype.
function LRUCache(options) {
  if (!(this instanceof LRUCache)) return new LRUCache(options);
  EventEmitter.call(this);
  this.max = (options && options.max) || DEFAULT_MAX;
  this.map = new Map();
}

LRUCache.prototype = Object.create(EventEmitter.prototype);

/** Looks a key up and marks it as recently used. */
LRUCache.prototype.get = function (key) {
  if (!this.map.has(key)) {
    misses++;
    return undefined;
  }
  hits++;
  const value = this.map.get(key);
  this.map.delete(key);
  this.map.set(key, value);
  return value;
};

LRUCache.prototype.set = function set(key, value) {
  assert(key !== undefined, 'key is required');
  this.map.delete(key);
  this.map.set(key, value);
  while (this.map.size > this.max) {
    const oldest = this.map.keys().next().value;
    this.map.delete(oldest);
    this.emit('evict', oldest);
  }
  return this;
};

LRUCache.prototype.clear = () => {
  throw new Error('use a fresh cache');
};

function stats() {
  const total = hits + misses;
  const ratio = function () {
    return total === 0 ? 0 : hits / total;
  };
  return { hits, misses, ratio: ratio() };
}

module.exports = LRUCache;
module.exports.stats = stats;
module.exports.create = function create(options) {
  return new LRUCache(options);
};
exports.reset = () => {
  hits = misses = 0;
};
exports.VERSION = '1.4.2';
