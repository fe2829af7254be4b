/**
 * What every page needs to know about the shop: its time zone (dates are shown in it)
 * and the settings guidance depends on. Loaded once; pages call refresh() after saving.
 */
import { createContext, useCallback, useContext, useMemo, type ReactNode } from "react";
import type { Settings } from "../api/types.ts";
import { safeTimeZone } from "../lib/dates.ts";
import { useQuery } from "./api.tsx";

interface ShopState {
  settings: Settings | undefined;
  /** Set when the page has no way to authenticate (opened outside the admin, no demo). */
  notEmbedded: boolean;
  timeZone: string;
  refresh(): void;
}

const ShopContext = createContext<ShopState>({ settings: undefined, notEmbedded: false, timeZone: "UTC", refresh: () => {} });

export function ShopProvider({ children }: { children: ReactNode }) {
  const query = useQuery(async (api) => (await api.get<{ settings: Settings }>("/api/settings")).settings, []);
  const refresh = useCallback(() => query.reload(), [query.reload]);
  const value = useMemo(
    () => ({
      settings: query.data,
      notEmbedded: query.error?.code === "not_embedded",
      timeZone: safeTimeZone(query.data?.timezone),
      refresh,
    }),
    [query.data, query.error, refresh],
  );
  return <ShopContext.Provider value={value}>{children}</ShopContext.Provider>;
}

export function useShop(): ShopState {
  return useContext(ShopContext);
}
