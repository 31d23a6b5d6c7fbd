import { cartTotal } from "./cart.js";

const items = [{ sku: "apple", price: 2, quantity: 3 }];
console.log("total", cartTotal(items));
