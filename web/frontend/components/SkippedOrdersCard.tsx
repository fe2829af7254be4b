/**
 * "Orders without invitation" (issue 17): how many orders each rule skipped, and the orders
 * themselves, newest first, page by page. Read-only: to invite one of them after all, the
 * merchant uses Get reviews like for any past order.
 */
import { BlockStack, Box, Card, InlineStack, Pagination, ResourceItem, ResourceList, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import type { SkippedOrder, Summary } from "../api/types.ts";
import { useQuery } from "../hooks/api.tsx";
import { useShop } from "../hooks/shop.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import { formatShopDateTime } from "../../shared/dates.ts";
import { labelOr } from "./EventTimeline.tsx";

const PAGE_SIZE = 10;

export function SkippedOrdersCard({ summary }: { summary: Summary }) {
  const { t, locale } = useI18n();
  const shop = useShop();
  const [reason, setReason] = useState("");
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const byReason = Object.entries(summary.skippedOrders.byReason).filter(([, n]) => n > 0);
  const list = useQuery(
    ["/api/orders/skipped", { reason, cursor }],
    (a) => a.get<{ orders: SkippedOrder[]; nextCursor: string | null }>("/api/orders/skipped", { reason, cursor, limit: PAGE_SIZE }),
    { keepPrevious: true },
  );
  if (summary.skippedOrders.total === 0) return null;
  const label = (r: string) => labelOr(t, `guidance.skipped.reason.${r}`, r);
  const number = new Intl.NumberFormat(locale);

  return (
    <Card padding="0">
      <section aria-labelledby="skipped-heading">
        <Box padding="400">
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd" id="skipped-heading">
              {t("skipped.title")}
            </Text>
            <ul data-testid="skipped-counts" style={{ margin: 0, paddingInlineStart: "1.25rem" }}>
              {byReason.map(([r, n]) => (
                <li key={r}>
                  <Text as="span">{`${label(r)}: ${number.format(n)}`}</Text>
                </li>
              ))}
            </ul>
            <Select
              label={t("skipped.filter")}
              options={[{ label: t("skipped.all"), value: "" }, ...byReason.map(([r]) => ({ label: label(r), value: r }))]}
              value={reason}
              onChange={(value) => {
                setReason(value);
                setCursors([null]);
              }}
            />
          </BlockStack>
        </Box>
        <ResourceList
          resourceName={{ singular: t("getReviews.order.singular"), plural: t("getReviews.order.plural") }}
          items={list.data?.orders ?? []}
          loading={list.loading}
          renderItem={(order) => (
            <ResourceItem id={order.orderId} onClick={() => {}} accessibilityLabel={order.name ?? order.orderId}>
              <InlineStack align="space-between" blockAlign="center" gap="300">
                <BlockStack gap="050">
                  <Text as="span" fontWeight="semibold">
                    {[order.name ?? order.orderId, order.customerName].filter(Boolean).join(" · ")}
                  </Text>
                  <Text as="span" variant="bodySm" tone="subdued">
                    {label(order.skipReason)}
                  </Text>
                </BlockStack>
                <Text as="span" variant="bodySm" tone="subdued">
                  {formatShopDateTime(order.skippedAt, shop.timeZone, locale)}
                </Text>
              </InlineStack>
            </ResourceItem>
          )}
        />
        <Box padding="300">
          <InlineStack align="center">
            <Pagination
              hasPrevious={cursors.length > 1}
              hasNext={Boolean(list.data?.nextCursor)}
              onPrevious={() => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c))}
              onNext={() => {
                const next = list.data?.nextCursor;
                if (next) setCursors((c) => [...c, next]);
              }}
              label={t("history.page", { page: cursors.length })}
              accessibilityLabels={{ previous: t("history.previous"), next: t("history.next") }}
            />
          </InlineStack>
        </Box>
      </section>
    </Card>
  );
}
