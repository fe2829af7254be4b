import "@shopify/polaris/build/esm/styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import { detectLocale, loadMessages, ENGLISH } from "./i18n/i18n.tsx";

// The merchant's language is known before the first paint: no flash of English text.
const messages = await loadMessages(detectLocale()).catch(() => ENGLISH);
document.documentElement.lang = messages.locale;

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App messages={messages} />
  </StrictMode>,
);
