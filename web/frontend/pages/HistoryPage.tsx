/**
 * Full invitation history: filters and search in the URL (so a banner can link to "failed
 * ones"), keyset pagination (the API's cursor; Previous walks back a stack of cursors),
 * and rows that open the invitation's own page (/invitations/:id) with its Delivery editor (R6).
 * The filters and cursors are history/useHistoryFilters.ts, a row is history/HistoryRow.tsx.
 */
import {
  BlockStack,
  Box,
  Card,
  EmptySearchResult,
  IndexTable,
  InlineStack,
  Page,
  Select,
  SkeletonBodyText,
  Text,
  TextField,
  useBreakpoints,
} from "@shopify/polaris";
import { ExportIcon, SearchIcon } from "@shopify/polaris-icons";
import { useState } from "react";
import { ApiError } from "../api/client.ts";
import type { InvitationPage } from "../api/types.ts";
import { INVITATION_STATUSES } from "../api/types.ts";
import { statusLabelKey } from "../../shared/domain.ts";
import { BulkCancelCard } from "../components/BulkCancelCard.tsx";
import { ErrorBanner } from "../components/ErrorBanner.tsx";
import { useApi, useQuery } from "../hooks/api.tsx";
import { useShop } from "../hooks/shop.tsx";
import { useToast } from "../hooks/toast.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import { saveFile } from "../lib/download.ts";
import { HistoryRow } from "./history/HistoryRow.tsx";
import { useHistoryFilters } from "./history/useHistoryFilters.ts";

export const PAGE_SIZE = 25;

export function HistoryPage() {
  const { t } = useI18n();
  const api = useApi();
  const toast = useToast();
  const { timeZone } = useShop();
  const filters = useHistoryFilters(timeZone);
  const { status, q, from, to, range, rangeInvalid, cursor } = filters;
  const condensed = useBreakpoints().smDown;

  const list = useQuery(
    ["/api/invitations", { status, q, from: range.from, to: range.to, cursor, rangeInvalid }],
    (a) =>
      rangeInvalid
        ? Promise.resolve<InvitationPage>({ invitations: [], nextCursor: null })
        : a.get<InvitationPage>("/api/invitations", { status, q, from: range.from, to: range.to, cursor, limit: PAGE_SIZE }),
    { keepPrevious: true },
  );
  const invitations = list.data?.invitations ?? [];
  const firstLoad = list.loading && !list.data;

  const [exporting, setExporting] = useState(false);
  /** The same filters as the table, as a CSV file the browser saves. */
  async function exportCsv() {
    setExporting(true);
    try {
      const { blob, filename } = await api.download("/api/invitations/export.csv", { status, q, from: range.from, to: range.to });
      saveFile(blob, filename ?? "invitations.csv");
    } catch (caught) {
      toast(caught instanceof ApiError ? caught.message : t("errors.unexpected"), { error: true });
    } finally {
      setExporting(false);
    }
  }

  const statusOptions = [
    { label: t("history.allStatuses"), value: "" },
    ...INVITATION_STATUSES.map((s) => ({ label: t(statusLabelKey(s)), value: s })),
  ];

  return (
    <Page
      title={t("history.title")}
      backAction={{ content: t("nav.invitations"), url: "/" }}
      primaryAction={{ content: t("nav.getReviews"), url: "/get-reviews" }}
      secondaryActions={[{ content: t("history.export"), icon: ExportIcon, onAction: exportCsv, loading: exporting, disabled: rangeInvalid }]}
    >
      <BlockStack gap="400">
        <Text as="p" tone="subdued">
          {t("history.intro", { timeZone })}
        </Text>
        <Card padding="0">
          <Box padding="400">
            <BlockStack gap="300">
              <InlineStack gap="300" wrap blockAlign="end">
                <div style={{ flex: "2 1 240px" }}>
                  <TextField
                    label={t("history.search")}
                    placeholder={t("history.searchPlaceholder")}
                    value={filters.search}
                    onChange={filters.setSearch}
                    prefix={<SearchIcon width={20} />}
                    clearButton
                    onClearButtonClick={() => filters.setSearch("")}
                    autoComplete="off"
                    type="search"
                  />
                </div>
                <div style={{ flex: "1 1 140px" }}>
                  <Select label={t("history.status")} options={statusOptions} value={status} onChange={(v) => filters.setFilter("status", v)} />
                </div>
                <div style={{ flex: "1 1 150px" }}>
                  <TextField label={t("history.from")} type="date" value={from} onChange={(v) => filters.setFilter("from", v)} autoComplete="off" />
                </div>
                <div style={{ flex: "1 1 150px" }}>
                  <TextField
                    label={t("history.to")}
                    type="date"
                    value={to}
                    onChange={(v) => filters.setFilter("to", v)}
                    autoComplete="off"
                    error={rangeInvalid ? t("history.rangeInvalid") : undefined}
                  />
                </div>
              </InlineStack>
              {list.error && <ErrorBanner error={list.error} onRetry={list.reload} />}
            </BlockStack>
          </Box>
          {firstLoad ? (
            <Box padding="400">
              <SkeletonBodyText lines={8} />
            </Box>
          ) : (
            <IndexTable
              condensed={condensed}
              resourceName={{ singular: t("history.resource.singular"), plural: t("history.resource.plural") }}
              itemCount={invitations.length}
              selectable={false}
              loading={list.loading}
              headings={[
                { title: t("history.columns.customer") },
                { title: t("history.columns.order") },
                { title: t("history.columns.status") },
                { title: t("history.columns.delivery") },
                { title: t("history.columns.source") },
              ]}
              emptyState={
                <EmptySearchResult
                  title={filters.filtered ? t("history.emptyFiltered") : t("history.empty")}
                  description={filters.filtered ? t("history.emptyFilteredHint") : t("history.emptyHint")}
                  withIllustration
                />
              }
              pagination={{
                hasPrevious: filters.hasPrevious,
                hasNext: Boolean(list.data?.nextCursor),
                onPrevious: filters.previous,
                onNext: () => filters.next(list.data?.nextCursor),
                label: t("history.page", { page: filters.page }),
                accessibilityLabels: { previous: t("history.previous"), next: t("history.next") },
              }}
            >
              {invitations.map((invitation, index) => (
                <HistoryRow key={invitation.id} invitation={invitation} index={index} condensed={condensed} timeZone={timeZone} />
              ))}
            </IndexTable>
          )}
        </Card>
        <BulkCancelCard title={t("history.bulkTitle")} text={t("history.bulkText")} />
      </BlockStack>
    </Page>
  );
}
