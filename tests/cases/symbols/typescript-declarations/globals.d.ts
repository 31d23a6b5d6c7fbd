// Type declarations for the analytics snippet loaded from the CDN.

/// <reference types="node" />

declare const __APP_VERSION__: string;
declare let analyticsQueue: unknown[];
declare var process: NodeJS.Process;

/** Sends one event; queued until the snippet has loaded. */
declare function track(event: string): void;
declare function track(event: string, props: Record<string, unknown>): void;

declare class Tracker {
  constructor(writeKey: string);
  readonly writeKey: string;
  identify(userId: string, traits?: Traits): Promise<void>;
  page(name?: string): Promise<void>;
  static load(writeKey: string): Tracker;
}

declare enum Plan {
  Free = "free",
  Pro = "pro",
}

declare namespace Analytics {
  type Callback = (err: Error | null) => void;

  interface Options {
    flushAt?: number;
    flushInterval?: number;
    onError?(err: Error): void;
  }

  namespace Integrations {
    const enabled: string[];
    function register(name: string, factory: () => object): void;
  }

  export const version: string;
}

declare module "analytics-node" {
  import { Options } from "Analytics";

  export default class AnalyticsNode {
    constructor(writeKey: string, options?: Options);
    track(message: object, callback?: Analytics.Callback): this;
    flush(): Promise<void>;
  }

  export function createClient(key: string): AnalyticsNode;
}

declare module "*.svg" {
  const content: string;
  export default content;
}

declare global {
  interface Window {
    analytics: Tracker;
    dataLayer: object[];
  }

  var __REDUX_DEVTOOLS__: boolean | undefined;
}

export type Traits = {
  email?: string;
  plan: Plan;
  createdAt?: Date;
  toJSON(): object;
};

export declare function reset(): void;
export declare const SNIPPET_URL: string;
