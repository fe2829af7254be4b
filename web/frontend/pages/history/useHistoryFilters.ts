/**
 * The history's filters live in the URL (?status=failed&q=…&from=…&to=…), so a banner can
 * link to "the failed ones" and Back restores a search. Pages follow the API's keyset cursors:
 * the stack of cursors seen so far is what Previous walks back, since a cursor only points
 * forward. New filters start again at the first page.
 */
import { useEffect, useMemo, useState } from "react";
import { endOfShopDay, startOfShopDay } from "../../../shared/dates.ts";
import { useRouter, useSearchParams } from "../../lib/router.tsx";

/** A pause in typing this long runs the search; not every key. */
const SEARCH_DEBOUNCE_MS = 300;

export function useHistoryFilters(timeZone: string) {
  const { navigate, location } = useRouter();
  const params = useSearchParams();
  const status = params.get("status") ?? "";
  const q = params.get("q") ?? "";
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";

  const [search, setSearch] = useState(q);
  const [cursors, setCursors] = useState<Array<string | null>>([null]);

  function setFilter(name: string, value: string) {
    const next = new URLSearchParams(location.search);
    if (value) next.set(name, value);
    else next.delete(name);
    navigate(`/history?${next.toString()}`, { replace: true });
  }

  useEffect(() => {
    if (search === q) return;
    const timer = setTimeout(() => setFilter("q", search.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search]);
  useEffect(() => setSearch(q), [q]);

  useEffect(() => setCursors([null]), [status, q, from, to]);

  // The dates are days on the shop's calendar; the API takes instants.
  const range = useMemo(
    () => ({
      from: from ? startOfShopDay(from, timeZone)?.toISOString() : undefined,
      to: to ? endOfShopDay(to, timeZone)?.toISOString() : undefined,
    }),
    [from, to, timeZone],
  );

  return {
    status,
    q,
    from,
    to,
    search,
    setSearch,
    setFilter,
    range,
    rangeInvalid: Boolean(from && to && from > to),
    filtered: Boolean(status || q || from || to),
    cursor: cursors[cursors.length - 1] ?? null,
    page: cursors.length,
    hasPrevious: cursors.length > 1,
    previous: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
    next: (cursor: string | null | undefined) => {
      if (cursor) setCursors((c) => [...c, cursor]);
    },
  };
}
