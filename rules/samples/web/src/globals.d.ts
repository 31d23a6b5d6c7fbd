declare var process: { env: Record<string, string | undefined> };
declare function track(event: string, data?: any): void;
interface Window {
  DEBUG?: boolean;
}
