export interface Item {
  sku: string;
  price: number;
  quantity: number;
}

export function cartTotal(items: Item[]): number {
  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);
}

export class CartView {
  constructor(private readonly items: Item[]) {}

  render(): string {
    console.log("rendering", this.items.length);
    return this.items.map((i) => `${i.sku} x${i.quantity}`).join("\n");
  }
}
