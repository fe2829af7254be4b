/**
 * One toast API for both worlds: App Bridge's toast inside the admin (it appears in the
 * admin's chrome), Polaris' Toast in the demo page (it needs the Frame this app renders).
 */
import { Toast } from "@shopify/polaris";
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { appBridge } from "../lib/platform.ts";

type Show = (message: string, options?: { error?: boolean }) => void;

const ToastContext = createContext<Show>(() => {});

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Array<{ id: number; message: string; error: boolean }>>([]);
  const show = useCallback<Show>((message, options = {}) => {
    const bridge = appBridge();
    if (bridge) {
      bridge.toast.show(message, { isError: options.error ?? false });
      return;
    }
    setToasts((list) => [...list, { id: Date.now() + Math.random(), message, error: options.error ?? false }]);
  }, []);
  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      {toasts.map((toast) => (
        <Toast
          key={toast.id}
          content={toast.message}
          error={toast.error}
          duration={5000}
          onDismiss={() => setToasts((list) => list.filter((t) => t.id !== toast.id))}
        />
      ))}
    </ToastContext.Provider>
  );
}

export function useToast(): Show {
  return useContext(ToastContext);
}
