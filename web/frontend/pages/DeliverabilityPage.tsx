/**
 * Sender address and bounces (issue 19): the merchant's own verified sender domain, what
 * came back (bounces, complaints), and the addresses that get no invitations.
 */
import { BlockStack, Layout, Page, SkeletonBodyText } from "@shopify/polaris";
import { ErrorBanner } from "../components/ErrorBanner.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import { ReportCounts, useDeliverability } from "./deliverability/ReportCounts.tsx";
import { SenderDomainSection } from "./deliverability/SenderDomainSection.tsx";
import { SuppressionListSection } from "./deliverability/SuppressionListSection.tsx";

export function DeliverabilityPage() {
  const { t } = useI18n();
  const state = useDeliverability();
  return (
    <Page title={t("deliverability.title")} backAction={{ content: t("nav.invitations"), url: "/" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {state.error && <ErrorBanner error={state.error} onRetry={state.reload} />}
            {state.data ? <SenderDomainSection data={state.data} onChange={state.reload} /> : !state.error && <SkeletonBodyText lines={4} />}
            <ReportCounts data={state.data} />
            <SuppressionListSection />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
