/** Invitations: where things stand, what needs attention, and who was invited lately. */
import {
  BlockStack,
  Box,
  Card,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  ResourceItem,
  ResourceList,
  SkeletonBodyText,
  SkeletonDisplayText,
  Text,
} from "@shopify/polaris";
import type { Invitation, Settings, Summary } from "../api/types.ts";
import { INVITATION_STATUSES } from "../api/types.ts";
import { statusLabelKey } from "../../shared/domain.ts";
import { BulkCancelCard } from "../components/BulkCancelCard.tsx";
import { EmptyListText } from "../components/EmptyListText.tsx";
import { BacklogCard } from "../components/BacklogCard.tsx";
import { ErrorBanner } from "../components/ErrorBanner.tsx";
import { FunnelCard } from "../components/FunnelCard.tsx";
import { GuidanceBanners } from "../components/GuidanceBanners.tsx";
import { SkippedOrdersCard } from "../components/SkippedOrdersCard.tsx";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { useApi, useQuery } from "../hooks/api.tsx";
import { useShop } from "../hooks/shop.tsx";
import { useToast } from "../hooks/toast.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import { formatShopDateTime } from "../../shared/dates.ts";
import { HomeReportCounts } from "./deliverability/ReportCounts.tsx";

/** How often the home page's counts and list refresh while it is open and visible. */
export const REFRESH_MS = 10_000;

export function HomePage() {
  const { t, locale } = useI18n();
  const api = useApi();
  const toast = useToast();
  const shop = useShop();
  // The queue moves while the page is open (webhooks, the dispatcher, other staff): keep up.
  const summary = useQuery(["/api/invitations/summary"], (a) => a.get<Summary>("/api/invitations/summary"), { refetchInterval: REFRESH_MS });
  const recent = useQuery(["/api/invitations/recent"], (a) => a.get<{ invitations: Invitation[] }>("/api/invitations/recent"), {
    refetchInterval: REFRESH_MS,
  });

  async function updateSettings(patch: Partial<Settings>) {
    await api.put<{ settings: Settings }>("/api/settings", patch);
    toast(t("guidance.saved"));
  }

  return (
    <Page
      title={t("home.title")}
      primaryAction={{ content: t("nav.getReviews"), url: "/get-reviews" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {summary.error && <ErrorBanner error={summary.error} onRetry={summary.reload} />}
            {summary.data && <GuidanceBanners summary={summary.data} updateSettings={updateSettings} />}
            <BacklogCard refreshMs={REFRESH_MS} />
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("home.counts")}
                </Text>
                <InlineGrid columns={{ xs: 2, sm: 3, md: 6 }} gap="300">
                  {INVITATION_STATUSES.map((status) => (
                    <Box key={status} padding="300" background="bg-surface-secondary" borderRadius="200">
                      <BlockStack gap="100">
                        <Link url={`/history?status=${status}`} removeUnderline monochrome>
                          <Text as="span" variant="bodySm" tone="subdued">
                            {t(statusLabelKey(status))}
                          </Text>
                        </Link>
                        {summary.data ? (
                          <Text as="p" variant="headingLg" id={`count-${status}`}>
                            {new Intl.NumberFormat(locale).format(summary.data.counts[status] ?? 0)}
                          </Text>
                        ) : (
                          <SkeletonDisplayText size="small" />
                        )}
                      </BlockStack>
                    </Box>
                  ))}
                </InlineGrid>
              </BlockStack>
            </Card>
            {summary.data?.funnel && <FunnelCard funnel={summary.data.funnel} />}
            <HomeReportCounts refetchInterval={REFRESH_MS} />
            <Card padding="0">
              <Box padding="400">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    {t("home.recent")}
                  </Text>
                  <Link url="/history">{t("home.seeHistory")}</Link>
                </InlineStack>
              </Box>
              {recent.error && (
                <Box padding="400">
                  <ErrorBanner error={recent.error} onRetry={recent.reload} />
                </Box>
              )}
              {!recent.data && !recent.error ? (
                <Box padding="400">
                  <SkeletonBodyText lines={4} />
                </Box>
              ) : (
                <ResourceList
                  resourceName={{ singular: t("history.resource.singular"), plural: t("history.resource.plural") }}
                  items={recent.data?.invitations ?? []}
                  emptyState={<EmptyListText>{t("home.noRecent")}</EmptyListText>}
                  renderItem={(invitation) => (
                    <ResourceItem
                      id={invitation.id}
                      url={`/invitations/${invitation.id}`}
                      accessibilityLabel={t("home.openInvitation", { name: invitation.customerName || invitation.email })}
                    >
                      <InlineStack align="space-between" blockAlign="center" gap="300" wrap={false}>
                        <BlockStack gap="050">
                          <Text as="span" variant="bodyMd" fontWeight="semibold">
                            {invitation.customerName || invitation.email}
                          </Text>
                          <Text as="span" variant="bodySm" tone="subdued">
                            {[invitation.orderName, invitation.email].filter(Boolean).join(" · ")}
                          </Text>
                        </BlockStack>
                        <InlineStack gap="300" blockAlign="center" wrap={false}>
                          <Text as="span" variant="bodySm" tone="subdued">
                            {formatShopDateTime(invitation.sentAt ?? invitation.sendAt, shop.timeZone, locale)}
                          </Text>
                          <StatusBadge status={invitation.status} />
                        </InlineStack>
                      </InlineStack>
                    </ResourceItem>
                  )}
                />
              )}
              <Box padding="400" borderBlockStartWidth="025" borderColor="border">
                <Link url="/history">{t("home.seeHistory")}</Link>
              </Box>
            </Card>
            {summary.data && <SkippedOrdersCard summary={summary.data} />}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <BulkCancelCard title={t("home.queueTitle")} text={t("home.queueText")} />
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("home.helpTitle")}
                </Text>
                <BlockStack gap="100">
                  <Link url="/help#cancelled-order">{t("help.cancelled.title")}</Link>
                  <Link url="/help#postpone">{t("help.postpone.title")}</Link>
                  <Link url="/help#wrong-data">{t("help.wrongData.title")}</Link>
                  <Link url="/help#no-single-cancel">{t("help.noSingleCancel.title")}</Link>
                </BlockStack>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
