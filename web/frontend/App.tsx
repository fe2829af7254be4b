/**
 * The page's frame: Polaris (with this app's Link for every url), the router, the API
 * client, the shop's settings, and navigation — App Bridge's menu in the admin's sidebar
 * when embedded, Polaris' own navigation in the demo page.
 */
import { NavMenu } from "@shopify/app-bridge-react";
import { AppProvider, Banner, Frame, Navigation, Page, Text } from "@shopify/polaris";
import polarisEn from "@shopify/polaris/locales/en.json";
import { EmailIcon, HomeIcon, ListBulletedIcon, QuestionCircleIcon, SettingsIcon } from "@shopify/polaris-icons";
import type { ComponentType } from "react";
import type { ApiClient } from "./api/client.ts";
import { ApiProvider } from "./hooks/api.tsx";
import { ShopProvider, useShop } from "./hooks/shop.tsx";
import { ToastProvider } from "./hooks/toast.tsx";
import { I18nProvider, useI18n } from "./i18n/i18n.tsx";
import { isEmbedded } from "./lib/platform.ts";
import { Link, RouterProvider, useRouter } from "./lib/router.tsx";
import { GetReviewsPage } from "./pages/GetReviewsPage.tsx";
import { HelpPage } from "./pages/HelpPage.tsx";
import { HistoryPage } from "./pages/HistoryPage.tsx";
import { HomePage } from "./pages/HomePage.tsx";
import { SettingsPage } from "./pages/SettingsPage.tsx";

/** Client routes; the server answers each of them with index.html (web/server/frontend). */
export const ROUTES: Record<string, ComponentType> = {
  "/": HomePage,
  "/history": HistoryPage,
  "/get-reviews": GetReviewsPage,
  "/settings": SettingsPage,
  "/help": HelpPage,
};

const NAV = [
  { url: "/", key: "nav.invitations", icon: HomeIcon },
  { url: "/history", key: "nav.history", icon: ListBulletedIcon },
  { url: "/get-reviews", key: "nav.getReviews", icon: EmailIcon },
  { url: "/settings", key: "nav.settings", icon: SettingsIcon },
  { url: "/help", key: "nav.help", icon: QuestionCircleIcon },
];

function NotFound() {
  const { t } = useI18n();
  return (
    <Page title={t("notFound.title")} backAction={{ content: t("nav.invitations"), url: "/" }}>
      <Text as="p">{t("notFound.text")}</Text>
    </Page>
  );
}

function OpenFromAdmin() {
  const { t } = useI18n();
  return (
    <Page title={t("app.name")}>
      <Banner tone="info" title={t("notEmbedded.title")}>
        <p>{t("notEmbedded.text")}</p>
      </Banner>
    </Page>
  );
}

function Shell() {
  const { t } = useI18n();
  const { location } = useRouter();
  const { notEmbedded } = useShop();
  const Current = ROUTES[location.pathname.replace(/\/+$/, "") || "/"] ?? NotFound;
  const embedded = isEmbedded();

  const navigation = embedded || notEmbedded ? undefined : (
    <Navigation location={location.pathname} ariaLabelledBy="app-navigation-label">
      <span id="app-navigation-label" hidden>
        {t("nav.label")}
      </span>
      <Navigation.Section
        title={t("app.name")}
        items={NAV.map((item) => ({
          url: item.url,
          label: t(item.key),
          icon: item.icon,
          exactMatch: item.url === "/",
          selected: item.url === "/" ? location.pathname === "/" : location.pathname.startsWith(item.url),
        }))}
      />
    </Navigation>
  );

  return (
    <Frame navigation={navigation}>
      <ToastProvider>
        {embedded && (
          <NavMenu>
            <a href="/" rel="home">
              {t("nav.invitations")}
            </a>
            {NAV.slice(1).map((item) => (
              <a key={item.url} href={item.url}>
                {t(item.key)}
              </a>
            ))}
          </NavMenu>
        )}
        {/* Polaris' Frame already renders the page's <main> (and its skip link). */}
        {notEmbedded ? <OpenFromAdmin /> : <Current />}
      </ToastProvider>
    </Frame>
  );
}

export function App({ locale, api }: { locale: string; api?: ApiClient }) {
  return (
    <AppProvider i18n={polarisEn} linkComponent={Link}>
      <I18nProvider locale={locale}>
        <RouterProvider>
          <ApiProvider client={api}>
            <ShopProvider>
              <Shell />
            </ShopProvider>
          </ApiProvider>
        </RouterProvider>
      </I18nProvider>
    </AppProvider>
  );
}
