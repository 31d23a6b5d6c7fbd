import { Store } from "./store.js";

const store = Store.create("widget");

function render(root) {
  function row(key, value) {
    return `<li>${key}: ${value}</li>`;
  }
  root.innerHTML = [...store].map(([k, v]) => row(k, v)).join("");
}

@registered("settings-widget")
export default class extends HTMLElement {
  @observed label = "Settings";

  @bound
  connectedCallback() {
    render(this);
  }
}
