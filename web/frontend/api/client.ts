/**
 * The one way this page talks to the backend. Every call carries the session token:
 * App Bridge's `shopify.idToken()` inside the admin, or in demo mode a token the local
 * demo server mints for its demo shop. Errors come back as ApiError with the backend's
 * own message, which is written for the merchant and shown as is.
 */
import { ApiError, readJson, sendJson } from "../../shared/api.ts";
import { appBridge } from "../lib/platform.ts";

export { ApiError };

type TokenSource = () => Promise<string>;

let demoToken: { token: string; expiresAt: number } | null = null;

function expiryOf(token: string): number {
  try {
    const payload = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))) as { exp?: number };
    return (payload.exp ?? 0) * 1000;
  } catch {
    return 0;
  }
}

async function demoSessionToken(): Promise<string> {
  // Reuse the token until shortly before it expires: one token request per minute, not per call.
  if (demoToken && demoToken.expiresAt - Date.now() > 10_000) return demoToken.token;
  const response = await fetch("/demo/session-token", { headers: { Accept: "application/json" } });
  if (!response.ok) {
    throw new ApiError(response.status, "not_embedded", "Open this app from your Shopify admin.");
  }
  const body = (await response.json()) as { token: string };
  demoToken = { token: body.token, expiresAt: expiryOf(body.token) };
  return body.token;
}

export const defaultTokenSource: TokenSource = () => {
  const bridge = appBridge();
  return bridge ? bridge.idToken() : demoSessionToken();
};

export type Query = Record<string, string | number | null | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export interface ApiClient {
  get<T>(path: string, query?: Query): Promise<T>;
  /** A file the backend streams (CSV export); fetched with the token, since a plain link can't carry one. */
  download(path: string, query?: Query): Promise<{ blob: Blob; filename: string | null }>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  /** A file's text as the body (the CSV of Get reviews), answered with JSON. */
  upload<T>(path: string, contentType: string, text: string): Promise<T>;
  /** A POST answered with NDJSON (an import's progress): each line as it arrives. */
  lines<T>(path: string, body: unknown, onLine: (line: T) => void): Promise<void>;
}

export function createApiClient(tokenSource: TokenSource = defaultTokenSource, fetchImpl: typeof fetch = (...a) => fetch(...a)): ApiClient {
  async function send(method: string, path: string, body?: unknown, raw?: { contentType: string; text: string }): Promise<Response> {
    const token = await tokenSource();
    return sendJson(fetchImpl, path, method, body, { Authorization: `Bearer ${token}` }, raw);
  }

  const call = async <T,>(method: string, path: string, body?: unknown): Promise<T> => readJson<T>(await send(method, path, body));
  return {
    get: (path, query) => call("GET", withQuery(path, query)),
    async download(path, query) {
      const response = await send("GET", withQuery(path, query));
      const disposition = response.headers.get("content-disposition") ?? "";
      return { blob: await response.blob(), filename: /filename="([^"]+)"/.exec(disposition)?.[1] ?? null };
    },
    post: (path, body) => call("POST", path, body ?? {}),
    put: (path, body) => call("PUT", path, body),
    patch: (path, body) => call("PATCH", path, body),
    async upload(path, contentType, text) {
      return readJson(await send("POST", path, undefined, { contentType, text }));
    },
    async lines(path, body, onLine) {
      const response = await send("POST", path, body ?? {});
      const reader = response.body?.getReader();
      if (!reader) {
        for (const line of (await response.text()).split("\n")) if (line.trim()) onLine(JSON.parse(line));
        return;
      }
      const decoder = new TextDecoder();
      let buffered = "";
      for (;;) {
        const { done, value } = await reader.read();
        buffered += decoder.decode(value, { stream: !done });
        let end: number;
        while ((end = buffered.indexOf("\n")) >= 0) {
          const line = buffered.slice(0, end).trim();
          buffered = buffered.slice(end + 1);
          if (line) onLine(JSON.parse(line));
        }
        if (done) break;
      }
      if (buffered.trim()) onLine(JSON.parse(buffered));
    },
  };
}
