/** Bounces and spam complaints of the shop (issue 19): on the home page and the deliverability page. */
import { BlockStack, Box, InlineGrid, Link, SkeletonDisplayText, Text } from "@shopify/polaris";
import type { Deliverability } from "../../api/deliverability.ts";
import { SectionCard } from "../../components/SectionCard.tsx";
import { useQuery } from "../../hooks/api.tsx";
import { useI18n } from "../../i18n/i18n.tsx";

export const DELIVERABILITY_KEY = ["/api/deliverability"];

export function useDeliverability(options: { refetchInterval?: number } = {}) {
  return useQuery(DELIVERABILITY_KEY, (a) => a.get<Deliverability>("/api/deliverability"), options);
}

/** `home`: the home page's status counts already show Bounced; this card adds what they can't. */
export function ReportCounts({ data, home = false }: { data: Deliverability | undefined; home?: boolean }) {
  const { t, locale } = useI18n();
  const items = [
    ...(home ? [] : [{ id: "bounced", label: t("deliverability.reports.bounced"), value: data?.counts.bounced, url: "/history?status=bounced" }]),
    { id: "complained", label: t("deliverability.reports.complained"), value: data?.counts.complained },
    { id: "soft", label: t("deliverability.reports.soft"), value: data?.counts.softBounces },
  ];
  return (
    <SectionCard headingId="delivery-reports" title={t("deliverability.reports.title")}>
      <InlineGrid columns={{ xs: 1, sm: items.length }} gap="300">
        {items.map((item) => (
          <Box key={item.id} padding="300" background="bg-surface-secondary" borderRadius="200">
            <BlockStack gap="100">
              {item.url ? (
                <Link url={item.url} removeUnderline monochrome>
                  <Text as="span" variant="bodySm" tone="subdued">
                    {item.label}
                  </Text>
                </Link>
              ) : (
                <Text as="span" variant="bodySm" tone="subdued">
                  {item.label}
                </Text>
              )}
              {data ? (
                <Text as="p" variant="headingLg" id={`report-count-${item.id}`}>
                  {new Intl.NumberFormat(locale).format(item.value ?? 0)}
                </Text>
              ) : (
                <SkeletonDisplayText size="small" />
              )}
            </BlockStack>
          </Box>
        ))}
      </InlineGrid>
      {data && !data.bounceTracking && (
        <Text as="p" tone="subdued">
          {t("deliverability.reports.noTracking")}
        </Text>
      )}
      {home && <Link url="/deliverability">{t("deliverability.reports.manage")}</Link>}
    </SectionCard>
  );
}

/** The home page's card: the same counts, kept fresh like the page's other counts, with a link to the details. */
export function HomeReportCounts({ refetchInterval }: { refetchInterval: number }) {
  const state = useDeliverability({ refetchInterval });
  return <ReportCounts data={state.data} home />;
}
