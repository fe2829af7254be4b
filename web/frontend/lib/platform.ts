/**
 * Inside the Shopify admin, App Bridge (the CDN script in index.html) defines the global
 * `shopify`. Outside it (the demo at http://127.0.0.1:3000) the global is missing, and
 * App Bridge's React hooks and its Modal/SaveBar would throw, so every place that could use
 * App Bridge asks here first and falls back to Polaris.
 */

/** The part of App Bridge's global this page uses. */
export interface AppBridgeGlobal {
  idToken(): Promise<string>;
  toast: { show(message: string, options?: { duration?: number; isError?: boolean }): void };
  saveBar?: { leaveConfirmation?(): Promise<void> };
}

export function appBridge(): AppBridgeGlobal | undefined {
  const candidate = (globalThis as { shopify?: Partial<AppBridgeGlobal> }).shopify;
  return candidate && typeof candidate.idToken === "function" ? (candidate as AppBridgeGlobal) : undefined;
}

export function isEmbedded(): boolean {
  return appBridge() !== undefined;
}
