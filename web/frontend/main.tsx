import "@shopify/polaris/build/esm/styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";

// The admin passes the merchant's language as ?locale=; the demo uses the browser's.
const locale = new URLSearchParams(window.location.search).get("locale") ?? navigator.language ?? "en";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App locale={locale} />
  </StrictMode>,
);
