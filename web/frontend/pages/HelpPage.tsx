/** The common situations, in this app's words, each with the way to act on it. */
import { BlockStack, Layout, Link, List, Page, Text } from "@shopify/polaris";
import { useEffect, type ReactNode } from "react";
import { SectionCard } from "../components/SectionCard.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import { useRouter } from "../lib/router.tsx";

function Topic({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <div id={id} style={{ scrollMarginTop: 16 }}>
      <SectionCard headingId={`${id}-heading`} title={title}>
        {children}
      </SectionCard>
    </div>
  );
}

export function HelpPage() {
  const { t } = useI18n();
  const { location } = useRouter();

  // Banners link to a topic (/help#cancelled-order): bring it into view.
  useEffect(() => {
    const id = window.location.hash.slice(1);
    if (id) document.getElementById(id)?.scrollIntoView();
  }, [location]);

  return (
    <Page title={t("help.title")} backAction={{ content: t("nav.invitations"), url: "/" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p">{t("help.intro")}</Text>

            <Topic id="how-it-works" title={t("help.howItWorks.title")}>
              <Text as="p">{t("help.howItWorks.p1")}</Text>
              <Text as="p">{t("help.howItWorks.p2")}</Text>
            </Topic>

            <Topic id="cancelled-order" title={t("help.cancelled.title")}>
              <Text as="p">{t("help.cancelled.p1")}</Text>
              <List type="number">
                <List.Item>
                  {t("help.cancelled.fix1")} <Link url="/settings#notice">{t("help.cancelled.fix1Link")}</Link>
                </List.Item>
                <List.Item>
                  {t("help.cancelled.fix2")} <Link url="/settings#trigger">{t("help.cancelled.fix2Link")}</Link>
                </List.Item>
              </List>
              <Text as="p">{t("help.cancelled.p2")}</Text>
            </Topic>

            <Topic id="postpone" title={t("help.postpone.title")}>
              <Text as="p">{t("help.postpone.p1")}</Text>
              <List type="number">
                <List.Item>
                  {t("help.postpone.step1")} <Link url="/history">{t("home.seeHistory")}</Link>
                </List.Item>
                <List.Item>{t("help.postpone.step2")}</List.Item>
                <List.Item>{t("help.postpone.step3")}</List.Item>
              </List>
              <Text as="p">{t("help.postpone.p2")}</Text>
            </Topic>

            <Topic id="wrong-data" title={t("help.wrongData.title")}>
              <Text as="p">{t("help.wrongData.p1")}</Text>
              <List type="number">
                <List.Item>
                  {t("help.wrongData.step1")} <Link url="/settings#sending">{t("help.wrongData.step1Link")}</Link>
                </List.Item>
                <List.Item>{t("help.wrongData.step2")}</List.Item>
                <List.Item>
                  {t("help.wrongData.step3")} <Link url="/history#cancel-all">{t("help.wrongData.step3Link")}</Link>
                </List.Item>
              </List>
            </Topic>

            <Topic id="no-single-cancel" title={t("help.noSingleCancel.title")}>
              <Text as="p">{t("help.noSingleCancel.p1")}</Text>
              <Text as="p">{t("help.noSingleCancel.p2")}</Text>
            </Topic>

            <Topic id="cancel-all" title={t("help.cancelAll.title")}>
              <Text as="p">{t("help.cancelAll.p1")}</Text>
              <Text as="p">
                {t("help.cancelAll.p2")} <Link url="/get-reviews">{t("nav.getReviews")}</Link>
              </Text>
            </Topic>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
