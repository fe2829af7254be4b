/**
 * The page's frame: Polaris (with this app's Link for every url), the router, the API
 * client, the shop's settings, and navigation — App Bridge's menu in the admin's sidebar
 * when embedded, Polaris' own navigation in the demo page.
 */
import { NavMenu } from "@shopify/app-bridge-react";
import { AppProvider, Banner, Frame, Navigation, Page, SkeletonBodyText, SkeletonPage, Text, TopBar, useBreakpoints } from "@shopify/polaris";
import { EmailIcon, EmailNewsletterIcon, HomeIcon, ListBulletedIcon, QuestionCircleIcon, SettingsIcon } from "@shopify/polaris-icons";
import { lazy, Suspense, useEffect, useState, type ComponentType } from "react";
import type { ApiClient } from "./api/client.ts";
import { ApiProvider } from "./hooks/api.tsx";
import { ShopProvider, useShop } from "./hooks/shop.tsx";
import { ToastProvider } from "./hooks/toast.tsx";
import { ENGLISH, I18nProvider, useI18n, type Messages } from "./i18n/i18n.tsx";
import { isEmbedded } from "./lib/platform.ts";
import { Link, RouterProvider, useRouter } from "./lib/router.tsx";
import { HomePage } from "./pages/HomePage.tsx";
import { INVITATION_PATH, InvitationPage } from "./pages/InvitationPage.tsx";

// Every page but the home page is its own chunk, loaded when opened: the first load
// (the home page) stays within 1.2x a bare Polaris page (docs/frontend.md, npm run bench).
const HistoryPage = lazy(() => import("./pages/HistoryPage.tsx").then((m) => ({ default: m.HistoryPage })));
const HelpPage = lazy(() => import("./pages/HelpPage.tsx").then((m) => ({ default: m.HelpPage })));
const GetReviewsPage = lazy(() => import("./pages/GetReviewsPage.tsx").then((m) => ({ default: m.GetReviewsPage })));
const SettingsPage = lazy(() => import("./pages/SettingsPage.tsx").then((m) => ({ default: m.SettingsPage })));
const DeliverabilityPage = lazy(() => import("./pages/DeliverabilityPage.tsx").then((m) => ({ default: m.DeliverabilityPage })));

/**
 * Client routes; the server answers each of them with index.html (web/server/frontend),
 * and /invitations/:id too (InvitationPage).
 */
export const ROUTES: Record<string, ComponentType> = {
  "/": HomePage,
  "/history": HistoryPage,
  "/get-reviews": GetReviewsPage,
  "/settings": SettingsPage,
  "/deliverability": DeliverabilityPage,
  "/help": HelpPage,
};

const NAV = [
  { url: "/", key: "nav.invitations", icon: HomeIcon },
  { url: "/history", key: "nav.history", icon: ListBulletedIcon },
  { url: "/get-reviews", key: "nav.getReviews", icon: EmailIcon },
  { url: "/settings", key: "nav.settings", icon: SettingsIcon },
  { url: "/deliverability", key: "nav.deliverability", icon: EmailNewsletterIcon },
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
  const pathname = location.pathname.replace(/\/+$/, "") || "/";
  const invitationId = INVITATION_PATH.exec(pathname)?.[1];
  const Current = ROUTES[pathname] ?? NotFound;
  const content = (
    <Suspense
      fallback={
        <SkeletonPage>
          <SkeletonBodyText lines={6} />
        </SkeletonPage>
      }
    >
      {invitationId ? <InvitationPage key={invitationId} id={decodeURIComponent(invitationId)} /> : <Current />}
    </Suspense>
  );
  const embedded = isEmbedded();
  // Below Polaris' md breakpoint the sidebar is hidden: a top bar with a menu button opens it.
  const { mdUp } = useBreakpoints();
  const [mobileNavigation, setMobileNavigation] = useState(false);
  useEffect(() => setMobileNavigation(false), [location.pathname]);

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
          selected:
            item.url === "/"
              ? location.pathname === "/"
              : location.pathname.startsWith(item.url) || (item.url === "/history" && Boolean(invitationId)),
        }))}
      />
    </Navigation>
  );

  const topBar =
    navigation && !mdUp ? (
      <TopBar showNavigationToggle onNavigationToggle={() => setMobileNavigation((open) => !open)} />
    ) : undefined;

  return (
    <Frame
      navigation={navigation}
      topBar={topBar}
      showMobileNavigation={mobileNavigation}
      onNavigationDismiss={() => setMobileNavigation(false)}
    >
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
        {notEmbedded ? <OpenFromAdmin /> : content}
      </ToastProvider>
    </Frame>
  );
}

export function App({ messages = ENGLISH, api }: { messages?: Messages; api?: ApiClient }) {
  return (
    <AppProvider i18n={messages.polaris} linkComponent={Link}>
      <I18nProvider locale={messages.locale} catalog={messages.catalog}>
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
