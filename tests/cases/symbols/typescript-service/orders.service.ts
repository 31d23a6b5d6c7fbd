import { Injectable, Inject } from "@angular/core";
import { HttpClient, HttpParams } from "@angular/common/http";
import { Observable, of } from "rxjs";

export const ORDERS_URL = "/api/orders";
const PAGE_SIZE = 25;

/** Where an order is in its life. */
export enum OrderStatus {
  Draft,
  Placed = "placed",
  Shipped = "shipped",
  "On Hold" = "hold",
}

export interface Order {
  id: string;
  readonly status: OrderStatus;
  lines?: OrderLine[];
  total(currency?: string): number;
}

interface OrderLine {
  sku: string;
  quantity: number;
}

export type OrderId = Order["id"];
type Listener = (order: Order) => void;

/**
 * Base class of every repository.
 */
export abstract class Repository<T> {
  protected abstract readonly url: string;
  abstract find(id: string): Observable<T>;
  abstract save(item: T): Observable<T>;

  protected params(page: number): HttpParams {
    return new HttpParams().set("page", String(page)).set("size", String(PAGE_SIZE));
  }
}

@Injectable({ providedIn: "root" })
export class OrderService extends Repository<Order> {
  protected readonly url = ORDERS_URL;
  private cache = new Map<string, Order>();
  #listeners: Listener[] = [];

  @Inject("clock")
  private clock!: () => number;

  constructor(private readonly http: HttpClient) {
    super();
  }

  /** One order, from the cache when we have it. */
  find(id: string): Observable<Order> {
    const hit = this.cache.get(id);
    return hit ? of(hit) : this.http.get<Order>(`${this.url}/${id}`);
  }

  save(order: Order): Observable<Order> {
    this.#listeners.forEach((fn) => fn(order));
    return this.http.put<Order>(`${this.url}/${order.id}`, order);
  }

  search(query: string): Observable<Order[]>;
  search(status: OrderStatus, page?: number): Observable<Order[]>;
  search(arg: string | OrderStatus, page = 0): Observable<Order[]> {
    const params = this.params(page).set("q", String(arg));
    return this.http.get<Order[]>(this.url, { params });
  }

  @HostListener("window:online")
  @Debounce(500)
  retryPending(): void {
    this.cache.clear();
  }

  get size(): number {
    return this.cache.size;
  }

  onChange = (fn: Listener): (() => void) => {
    this.#listeners.push(fn);
    return () => this.#listeners.splice(this.#listeners.indexOf(fn), 1);
  };
}

export function formatTotal(amount: number): string;
export function formatTotal(amount: number, currency: string): string;
export function formatTotal(amount: number, currency = "EUR"): string {
  return new Intl.NumberFormat("en", { style: "currency", currency }).format(amount);
}
