/**
 * What every page needs to know about the shop: its time zone (dates are shown in it)
 * and the settings guidance depends on. Shared with the settings page (one cached query),
 * refreshed after every change (hooks/api.tsx).
 */
import { createContext, useContext, useMemo, type ReactNode } from "react";
import type { Settings } from "../api/types.ts";
import { safeTimeZone } from "../../shared/dates.ts";
import type { ApiClient } from "../api/client.ts";
import { useQuery } from "./api.tsx";

export const SETTINGS_KEY = ["/api/settings"];
export async function loadSettings(api: ApiClient): Promise<Settings> {
  return (await api.get<{ settings: Settings }>("/api/settings")).settings;
}

interface ShopState {
  settings: Settings | undefined;
  /** Set when the page has no way to authenticate (opened outside the admin, no demo). */
  notEmbedded: boolean;
  timeZone: string;
}

const ShopContext = createContext<ShopState>({ settings: undefined, notEmbedded: false, timeZone: "UTC" });

export function ShopProvider({ children }: { children: ReactNode }) {
  const query = useQuery(SETTINGS_KEY, loadSettings);
  const value = useMemo(
    () => ({
      settings: query.data,
      notEmbedded: query.error?.code === "not_embedded",
      timeZone: safeTimeZone(query.data?.timezone),
    }),
    [query.data, query.error],
  );
  return <ShopContext.Provider value={value}>{children}</ShopContext.Provider>;
}

export function useShop(): ShopState {
  return useContext(ShopContext);
}
