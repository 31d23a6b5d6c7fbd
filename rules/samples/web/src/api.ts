// Typed API client: the sample the TypeScript rules are run on.
export interface Item {
  id: number;
  name: string;
  kind: string;
  count: number;
}

declare global {
  var __API_BASE__: string;
}

let cache: Map<string, any> = new Map();

export async function get(path: string): Promise<any> {
  const hit = cache.get(path);
  if (hit != undefined) return hit;
  const res = await fetch(globalThis.__API_BASE__ + path);
  if (res.status == 404) {
    debugger;
    return null;
  }
  const body: unknown = await res.json();
  cache.set(path, body);
  return body;
}

export function first(items: Item[]): Item {
  return items.find((i) => i.count > 0)!;
}

export function label(el: HTMLElement | null): string {
  var text = el!.textContent ?? "";
  try {
    text = text.trim();
  } catch {}
  console.log(text);
  return text;
}

export function parse(text: string): Item | null {
  try {
    return JSON.parse(text) as Item;
  } catch (e: unknown) {
    /* the caller shows its own error */
  }
  return null;
}
