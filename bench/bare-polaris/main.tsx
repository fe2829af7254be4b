/**
 * The frontend-size baseline: a bare Polaris page — React, Polaris' styles and English
 * strings, AppProvider, and every Polaris / Polaris icon / App Bridge React component the
 * admin page imports (the list is read from web/frontend at build time, vite.config.ts) —
 * and nothing of the app's own. The admin page's size over this one is what the app adds.
 */
import "@shopify/polaris/build/esm/styles.css";
import { AppProvider, Page, Text } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import * as components from "virtual:admin-components";

// Using the namespace as a value keeps every re-exported component in the bundle, as the
// admin page's own use of them does.
const names = Object.keys(components);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <AppProvider i18n={en}>
      <Page title="Bare Polaris">
        <Text as="p">{`${names.length} components: ${names.join(", ")}`}</Text>
      </Page>
    </AppProvider>
  </StrictMode>,
);
