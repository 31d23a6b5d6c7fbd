// api.mjs: an ES module with a small fetch wrapper.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as util from 'node:util';

export const DEFAULT_TIMEOUT = 5_000;

export class HttpError extends Error {
  constructor(status, body) {
    super(`HTTP ${status}: ${body.slice(0, 80)}`);
    this.name = 'HttpError';
    this.status = status;
  }
}

export async function getJson(url, { timeout = DEFAULT_TIMEOUT, headers = {} } = {}) {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeout);
  try {
    const res = await fetch(url, {
      headers: { accept: 'application/json', ...headers },
      signal: ctrl.signal,
    });
    if (!res.ok) throw new HttpError(res.status, await res.text());
    return await res.json();
  } finally {
    clearTimeout(timer);
  }
}

export async function loadConfig(dir = import.meta.dirname) {
  const file = path.join(dir, 'config.json');
  const text = await readFile(file, 'utf8');
  const parsed = JSON.parse(text);
  return Object.freeze({ ...parsed, loadedAt: new Date() });
}

const fmt = (obj) => util.inspect(obj, { depth: 2, colors: false });

export default async function main() {
  const cfg = await loadConfig().catch(() => ({ endpoint: 'http://localhost' }));
  const data = await getJson(`${cfg.endpoint}/status?x=\u00e9`);
  console.log(fmt(data), "done\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main();
}
