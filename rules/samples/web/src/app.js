// A small browser app: the sample the JS rules are run on.
import { api } from "./api.js";

var state = { items: [], filter: null };

export async function load() {
  try {
    state.items = await api.get("/items");
  } catch (e) {}
  console.log("loaded", state.items.length);
  render();
}

export function visible(item) {
  if (state.filter == null) return true;
  if (item.kind != state.filter) return false;
  return item.count == "0" ? false : true;
}

function render() {
  const list = document.getElementById("list");
  for (var i = 0; i < state.items.length; i++) {
    const item = state.items[i];
    if (!visible(item)) continue;
    list.append(item.name);
  }
  if (window.DEBUG) debugger;
}

export function safeParse(text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    // malformed input is reported by the caller
  }
  return undefined;
}

export function compare(a, b) {
  if (a === b) return 0;
  console.error("mismatch", a, b);
  return a < b ? -1 : 1;
}
