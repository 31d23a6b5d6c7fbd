// A shopping cart: items, prices and the checkout.
import { formatPrice, TAX_RATE as taxRate } from './money.js';
import * as events from './events.js';

export class Item {
  constructor(sku, price = 0) {
    this.sku = sku;
    this.price = price;
  }
}

export class Cart extends events.Emitter {
  #items = [];

  static from(skus) {
    const cart = new Cart();
    skus.forEach((sku) => cart.add(sku));
    return cart;
  }

  add(item, price) {
    if (!(item instanceof Item)) {
      item = new Item(item, price);
    }
    this.#items.push(item);
    this.emit('add', { item, count: this.#items.length });
    return this;
  }

  get total() {
    const sum = this.#items.reduce((acc, { price }) => acc + price, 0);
    return sum * (1 + taxRate);
  }

  describe() {
    return `${this.#items.length} items, ${formatPrice(this.total)}`;
  }

  async checkout(gateway) {
    const receipt = await gateway.charge(this.total);
    this.emit('checkout', receipt);
    return receipt;
  }
}

export function emptyCart() {
  return Cart.from([]);
}

export default Cart;
