/** Renders admin-page components as the app does: inside Polaris and the page's i18n. */
import { AppProvider } from "@shopify/polaris";
import polarisEn from "@shopify/polaris/locales/en.json";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { I18nProvider } from "../../web/frontend/i18n/i18n.tsx";
import { Link, RouterProvider } from "../../web/frontend/lib/router.tsx";

export function renderPage(ui: ReactElement, locale = "en-US") {
  return render(
    <AppProvider i18n={polarisEn} linkComponent={Link}>
      <I18nProvider locale={locale}>
        <RouterProvider>{ui}</RouterProvider>
      </I18nProvider>
    </AppProvider>,
  );
}
