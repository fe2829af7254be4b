/**
 * The shop's do-not-send list (issue 19): who, why, since when; exported as CSV. Read-only:
 * an address that reported an invitation as spam must never be re-added.
 */
import { BlockStack, Button, IndexTable, InlineStack, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import { ApiError } from "../../api/client.ts";
import { SUPPRESSION_REASONS, type Suppression, type SuppressionReason } from "../../api/deliverability.ts";
import { SectionCard } from "../../components/SectionCard.tsx";
import { useApi, useQuery } from "../../hooks/api.tsx";
import { useShop } from "../../hooks/shop.tsx";
import { useToast } from "../../hooks/toast.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import { saveFile } from "../../lib/download.ts";
import { formatShopDateTime } from "../../../shared/dates.ts";

const PAGE = 50;

export function SuppressionListSection() {
  const { t, locale } = useI18n();
  const api = useApi();
  const toast = useToast();
  const shop = useShop();
  const [reason, setReason] = useState<SuppressionReason | "">("");
  const [pages, setPages] = useState(1);
  const list = useQuery(
    ["/api/deliverability/suppressions", reason, pages],
    (a) => a.get<{ suppressions: Suppression[]; hasMore: boolean }>("/api/deliverability/suppressions", { reason, limit: PAGE * pages }),
    { keepPrevious: true },
  );
  const rows = list.data?.suppressions ?? [];
  const { timeZone } = shop;

  async function exportCsv() {
    try {
      const { blob, filename } = await api.download("/api/deliverability/suppressions.csv", { reason });
      saveFile(blob, filename ?? "suppressions.csv");
    } catch (caught) {
      toast(caught instanceof ApiError ? caught.message : t("errors.unexpected"), { error: true });
    }
  }

  return (
    <SectionCard headingId="suppressions" title={t("deliverability.suppressions.title")}>
      <Text as="p">{t("deliverability.suppressions.intro")}</Text>
      <InlineStack gap="300" blockAlign="end" align="space-between">
        <Select
          label={t("deliverability.suppressions.filter")}
          options={[
            { label: t("deliverability.suppressions.all"), value: "" },
            ...SUPPRESSION_REASONS.map((r) => ({ label: t(`deliverability.suppressions.reason.${r}`), value: r })),
          ]}
          value={reason}
          onChange={(value) => {
            setReason(value as SuppressionReason | "");
            setPages(1);
          }}
        />
        <Button onClick={exportCsv}>{t("deliverability.suppressions.export")}</Button>
      </InlineStack>
      <BlockStack gap="200">
        <IndexTable
          resourceName={{ singular: t("deliverability.suppressions.email"), plural: t("deliverability.suppressions.email") }}
          itemCount={rows.length}
          selectable={false}
          loading={list.loading}
          emptyState={<Text as="p">{t("deliverability.suppressions.empty")}</Text>}
          headings={[
            { title: t("deliverability.suppressions.email") },
            { title: t("deliverability.suppressions.why") },
            { title: t("deliverability.suppressions.since") },
          ]}
        >
          {rows.map((row, index) => (
            <IndexTable.Row id={row.email} key={row.email} position={index}>
              <IndexTable.Cell>{row.email}</IndexTable.Cell>
              <IndexTable.Cell>{t(`deliverability.suppressions.reason.${row.reason}`)}</IndexTable.Cell>
              <IndexTable.Cell>{formatShopDateTime(row.createdAt, timeZone, locale)}</IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
        {list.data?.hasMore && (
          <InlineStack align="center">
            <Button onClick={() => setPages((p) => p + 1)} loading={list.loading}>
              {t("deliverability.suppressions.more")}
            </Button>
          </InlineStack>
        )}
      </BlockStack>
    </SectionCard>
  );
}
