/**
 * A few pages need no routing library: the History API, a context, and a Link that
 * Polaris uses for every `url` (AppProvider's linkComponent). Inside the admin, App Bridge
 * keeps the admin's address bar in step with pushState and navigates from its menu the
 * same way, so both cases are one code path.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type AnchorHTMLAttributes,
  type MouseEvent,
  type ReactNode,
} from "react";
import { appBridge } from "./platform.ts";

interface Location {
  pathname: string;
  search: string;
}

interface Router {
  location: Location;
  navigate(to: string, options?: { replace?: boolean }): void;
  /** Registers a check run before leaving the page; returns the unregister function. */
  block(check: () => boolean): () => void;
}

const RouterContext = createContext<Router | null>(null);

function current(): Location {
  return { pathname: window.location.pathname, search: window.location.search };
}

/** Query parameters Shopify adds to the app URL (shop, host, …) that must survive in-app navigation. */
const SHOPIFY_PARAMS = ["shop", "host", "embedded", "locale"];

function keepShopifyParams(to: string): string {
  const url = new URL(to, window.location.origin);
  const now = new URLSearchParams(window.location.search);
  for (const name of SHOPIFY_PARAMS) {
    const value = now.get(name);
    if (value !== null && !url.searchParams.has(name)) url.searchParams.set(name, value);
  }
  return url.pathname + url.search + url.hash;
}

export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState(current);
  const blockers = useRef(new Set<() => boolean>());

  useEffect(() => {
    const sync = () => setLocation(current());
    window.addEventListener("popstate", sync);
    // App Bridge's navigation menu announces itself with this event in some versions.
    window.addEventListener("shopify:navigate", sync);
    return () => {
      window.removeEventListener("popstate", sync);
      window.removeEventListener("shopify:navigate", sync);
    };
  }, []);

  const navigate = useCallback((to: string, options: { replace?: boolean } = {}) => {
    for (const check of blockers.current) if (!check()) return;
    const target = keepShopifyParams(to);
    if (options.replace) window.history.replaceState(null, "", target);
    else window.history.pushState(null, "", target);
    setLocation(current());
    if (!options.replace) window.scrollTo?.(0, 0);
  }, []);

  const block = useCallback((check: () => boolean) => {
    blockers.current.add(check);
    return () => void blockers.current.delete(check);
  }, []);

  const value = useMemo(() => ({ location, navigate, block }), [location, navigate, block]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export function useRouter(): Router {
  const router = useContext(RouterContext);
  if (!router) throw new Error("useRouter outside RouterProvider");
  return router;
}

export function useSearchParams(): URLSearchParams {
  const { location } = useRouter();
  return useMemo(() => new URLSearchParams(location.search), [location.search]);
}

/**
 * Asks before leaving with unsaved changes: on in-app navigation (App Bridge's save bar
 * does this itself inside the admin), and on reload or closing the tab.
 */
export function useUnsavedChangesGuard(dirty: boolean, message: string) {
  const { block } = useRouter();
  useEffect(() => {
    if (!dirty) return;
    const unblock = appBridge() ? () => {} : block(() => window.confirm(message));
    const beforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", beforeUnload);
    return () => {
      unblock();
      window.removeEventListener("beforeunload", beforeUnload);
    };
  }, [dirty, message, block]);
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { url: string; external?: boolean; children?: ReactNode };

/** Polaris calls this for every link; in-app links navigate without reloading the page. */
export function Link({ url, external, children, onClick, ...rest }: LinkProps) {
  const router = useContext(RouterContext);
  const isInternal = !external && url.startsWith("/") && !url.startsWith("//");
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || !isInternal || !router) return;
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    router.navigate(url);
  };
  return (
    <a
      href={url}
      onClick={handleClick}
      {...(external ? { target: "_blank", rel: "noopener noreferrer" } : {})}
      {...rest}
    >
      {children}
    </a>
  );
}
