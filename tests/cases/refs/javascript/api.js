// HTTP handlers for the cart (CommonJS).
const express = require('express');
const { Cart, Item: CartItem } = require('./cart.js');
const money = require('./money.js');

const router = express.Router();
const carts = new Map();

function cartFor(req) {
  let cart = carts.get(req.session.id);
  if (!cart) {
    cart = new Cart();
    carts.set(req.session.id, cart);
  }
  return cart;
}

router.post('/cart/items', (req, res) => {
  const cart = cartFor(req);
  cart.add(new CartItem(req.body.sku, req.body.price));
  res.json({ total: cart.total, text: money.formatPrice(cart.total) });
});

router.post('/cart/checkout', async (req, res, next) => {
  try {
    const { checkout } = require('./gateway.js');
    const receipt = await cartFor(req).checkout(checkout);
    res.json(receipt);
  } catch (err) {
    next(err);
  }
});

module.exports.handlers = function handlers() {
  return router;
};

module.exports.Cart = Cart;
