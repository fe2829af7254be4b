/**
 * Data for the page through TanStack Query (what Shopify's app templates use): one cache per
 * page load, so moving between pages shows what was loaded at once and refreshes it behind.
 * What a merchant sees stays current without reloading:
 * - every query is fetched again when the window regains focus (someone may have changed
 *   something in another tab, on the order page, or the dispatcher sent invitations);
 * - every change made through `useApi()` (PATCH, PUT, POST) refreshes every query when it
 *   succeeds, so no page shows a number from before the change;
 * - pages that show a moving queue (the home counts) ask for `refetchInterval`.
 */
import {
  keepPreviousData,
  QueryClient,
  QueryClientProvider,
  useQuery as useTanStackQuery,
  useQueryClient,
  type QueryKey,
} from "@tanstack/react-query";
import { createContext, useContext, useMemo, useState, type ReactNode } from "react";
import { ApiError, createApiClient, type ApiClient } from "../api/client.ts";

const ApiContext = createContext<ApiClient | null>(null);

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // The backend's message is shown as is, at once; focus and the next change retry anyway.
        retry: false,
        refetchOnWindowFocus: true,
      },
    },
  });
}

export function ApiProvider({ client, queryClient, children }: { client?: ApiClient; queryClient?: QueryClient; children: ReactNode }) {
  const [api] = useState(() => client ?? createApiClient());
  const [cache] = useState(() => queryClient ?? createQueryClient());
  return (
    <QueryClientProvider client={cache}>
      <ApiContext.Provider value={api}>{children}</ApiContext.Provider>
    </QueryClientProvider>
  );
}

/** The raw client: reads inside a query's load function. */
function useRawApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error("useApi outside ApiProvider");
  return client;
}

/** The client for changes: once a write succeeds, every query on the page is fetched again. */
export function useApi(): ApiClient {
  const api = useRawApi();
  const cache = useQueryClient();
  return useMemo(() => {
    const refreshed = <T,>(result: Promise<T>): Promise<T> =>
      result.then((value) => {
        void cache.invalidateQueries();
        return value;
      });
    return {
      get: api.get,
      download: api.download,
      post: <T,>(path: string, body?: unknown) => refreshed(api.post<T>(path, body)),
      put: <T,>(path: string, body: unknown) => refreshed(api.put<T>(path, body)),
      patch: <T,>(path: string, body: unknown) => refreshed(api.patch<T>(path, body)),
      upload: <T,>(path: string, contentType: string, text: string) => refreshed(api.upload<T>(path, contentType, text)),
      lines: <T,>(path: string, body: unknown, onLine: (line: T) => void) => refreshed(api.lines<T>(path, body, onLine)),
    };
  }, [api, cache]);
}

export interface Query<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): void;
}

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, "unexpected", error instanceof Error ? error.message : String(error));
}

export interface QueryOptions {
  /** Fetch again every so many milliseconds while the page is open and visible. */
  refetchInterval?: number;
  enabled?: boolean;
  /** Keep showing the previous key's data while the next loads (a table's next page or filter). */
  keepPrevious?: boolean;
}

/**
 * Loads data under `key` (the request's path and parameters). A slower earlier answer never
 * overwrites a newer one, and the previous data stays while the next key loads.
 */
export function useQuery<T>(key: QueryKey, load: (api: ApiClient) => Promise<T>, options: QueryOptions = {}): Query<T> {
  const api = useRawApi();
  const query = useTanStackQuery<T, unknown>({
    queryKey: key,
    queryFn: () => load(api),
    refetchInterval: options.refetchInterval,
    enabled: options.enabled,
    placeholderData: options.keepPrevious ? keepPreviousData : undefined,
  });
  return {
    data: query.data,
    error: query.error ? asApiError(query.error) : undefined,
    loading: query.isFetching,
    reload: () => void query.refetch(),
  };
}

export { asApiError };
