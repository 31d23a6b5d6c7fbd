// The cart page.
import React, { useState } from 'react';
import Cart, { Item } from './cart.js';
import { formatPrice } from './money.js';
import * as ui from './ui.jsx';

function CartRow({ item, onRemove }) {
  return (
    <ui.Row>
      <span className="sku">{item.sku}</span>
      <Price value={item.price} />
      <button onClick={() => onRemove(item)}>remove</button>
    </ui.Row>
  );
}

function Price({ value }) {
  return <span className="price">{formatPrice(value)}</span>;
}

export function CartPage({ skus }) {
  const [cart, setCart] = useState(() => Cart.from(skus));
  const remove = (item) => setCart(Cart.from(cart.skus.filter((s) => s !== item.sku)));
  const add = (sku) => setCart(cart.add(new Item(sku)));
  return (
    <ui.Page title="Cart">
      {cart.items.map((item) => (
        <CartRow key={item.sku} item={item} onRemove={remove} />
      ))}
      <Price value={cart.total} />
      <ui.Button onClick={() => add('gift')}>add a gift</ui.Button>
    </ui.Page>
  );
}
