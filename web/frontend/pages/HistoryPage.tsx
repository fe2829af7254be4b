/**
 * Full invitation history: filters and search in the URL (so a banner can link to "failed
 * ones"), keyset pagination (the API's cursor; Previous walks back a stack of cursors),
 * and rows that open the invitation's own page (/invitations/:id) with its Delivery editor (R6).
 */
import {
  BlockStack,
  Box,
  Card,
  EmptySearchResult,
  IndexTable,
  InlineStack,
  Link,
  Page,
  Select,
  SkeletonBodyText,
  Text,
  TextField,
  useBreakpoints,
} from "@shopify/polaris";
import { ExportIcon, SearchIcon } from "@shopify/polaris-icons";
import { useEffect, useMemo, useState } from "react";
import { ApiError } from "../api/client.ts";
import type { InvitationPage } from "../api/types.ts";
import { INVITATION_STATUSES } from "../api/types.ts";
import { statusLabelKey } from "../../shared/domain.ts";
import { cancelAllPending, loadQueuedCount } from "../api/bulk-cancel.ts";
import { CancelAllPending } from "../components/CancelAllPending.tsx";
import { ErrorBanner } from "../components/ErrorBanner.tsx";
import { labelOr } from "../components/EventTimeline.tsx";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { useApi, useQuery } from "../hooks/api.tsx";
import { useShop } from "../hooks/shop.tsx";
import { useToast } from "../hooks/toast.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import { endOfShopDay, formatShopDateTime, startOfShopDay } from "../../shared/dates.ts";
import { useRouter, useSearchParams } from "../lib/router.tsx";
import { invitationUrl } from "./InvitationPage.tsx";

export const PAGE_SIZE = 25;

export function HistoryPage() {
  const { t, locale } = useI18n();
  const api = useApi();
  const toast = useToast();
  const { timeZone } = useShop();
  const { navigate, location } = useRouter();
  const params = useSearchParams();
  const status = params.get("status") ?? "";
  const q = params.get("q") ?? "";
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";

  const [search, setSearch] = useState(q);
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const condensed = useBreakpoints().smDown;

  function setFilter(name: string, value: string) {
    const next = new URLSearchParams(location.search);
    if (value) next.set(name, value);
    else next.delete(name);
    navigate(`/history?${next.toString()}`, { replace: true });
  }

  // Typing searches after a short pause, not on every key.
  useEffect(() => {
    if (search === q) return;
    const timer = setTimeout(() => setFilter("q", search.trim()), 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search]);
  useEffect(() => setSearch(q), [q]);

  // New filters start again at the first page.
  useEffect(() => setCursors([null]), [status, q, from, to]);

  const range = useMemo(
    () => ({
      from: from ? startOfShopDay(from, timeZone)?.toISOString() : undefined,
      to: to ? endOfShopDay(to, timeZone)?.toISOString() : undefined,
    }),
    [from, to, timeZone],
  );
  const rangeInvalid = Boolean(from && to && from > to);

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
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = filename ?? "invitations.csv";
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
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

  const rows = invitations.map((invitation, index) => {
    const name = invitation.customerName || invitation.email;
    const customer = (
      // The row's primary link: a click anywhere on the row opens the invitation's page.
      <BlockStack gap="0">
        <Link url={invitationUrl(invitation.id)} dataPrimaryLink accessibilityLabel={t("history.open", { name })}>
          <Text as="span" variant="bodyMd" fontWeight="semibold">
            {name}
          </Text>
        </Link>
        {invitation.customerName && (
          <Text as="span" variant="bodySm" tone="subdued">
            {invitation.email}
          </Text>
        )}
      </BlockStack>
    );
    const order = (
      <InlineStack gap="100" blockAlign="center">
        <Text as="span">{invitation.orderName ?? "—"}</Text>
        {invitation.orderCancelledAt && (
          <Text as="span" variant="bodySm" tone="caution">
            {t("history.orderCancelled")}
          </Text>
        )}
      </InlineStack>
    );
    const delivery = formatShopDateTime(invitation.status === "sent" ? invitation.sentAt ?? invitation.sendAt : invitation.sendAt, timeZone, locale);
    const source = labelOr(t, `source.${invitation.source}`, invitation.source);
    if (condensed) {
      // A phone gets one stacked entry per invitation instead of five columns to scroll through.
      return (
        <IndexTable.Row id={invitation.id} key={invitation.id} position={index}>
          <div style={{ padding: "var(--p-space-300) var(--p-space-400)", width: "100%" }}>
            <BlockStack gap="100">
              <InlineStack align="space-between" blockAlign="start" gap="200" wrap={false}>
                {customer}
                <StatusBadge status={invitation.status} />
              </InlineStack>
              {order}
              <Text as="span" variant="bodySm" tone="subdued">
                {delivery} · {source}
              </Text>
            </BlockStack>
          </div>
        </IndexTable.Row>
      );
    }
    return (
      <IndexTable.Row id={invitation.id} key={invitation.id} position={index}>
        <IndexTable.Cell>{customer}</IndexTable.Cell>
        <IndexTable.Cell>{order}</IndexTable.Cell>
        <IndexTable.Cell>
          <StatusBadge status={invitation.status} />
        </IndexTable.Cell>
        <IndexTable.Cell>{delivery}</IndexTable.Cell>
        <IndexTable.Cell>{source}</IndexTable.Cell>
      </IndexTable.Row>
    );
  });

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
                    value={search}
                    onChange={setSearch}
                    prefix={<SearchIcon width={20} />}
                    clearButton
                    onClearButtonClick={() => setSearch("")}
                    autoComplete="off"
                    type="search"
                  />
                </div>
                <div style={{ flex: "1 1 140px" }}>
                  <Select label={t("history.status")} options={statusOptions} value={status} onChange={(v) => setFilter("status", v)} />
                </div>
                <div style={{ flex: "1 1 150px" }}>
                  <TextField label={t("history.from")} type="date" value={from} onChange={(v) => setFilter("from", v)} autoComplete="off" />
                </div>
                <div style={{ flex: "1 1 150px" }}>
                  <TextField
                    label={t("history.to")}
                    type="date"
                    value={to}
                    onChange={(v) => setFilter("to", v)}
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
                  title={status || q || from || to ? t("history.emptyFiltered") : t("history.empty")}
                  description={status || q || from || to ? t("history.emptyFilteredHint") : t("history.emptyHint")}
                  withIllustration
                />
              }
              pagination={{
                hasPrevious: cursors.length > 1,
                hasNext: Boolean(list.data?.nextCursor),
                onPrevious: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
                onNext: () => {
                  const next = list.data?.nextCursor;
                  if (next) setCursors((c) => [...c, next]);
                },
                label: t("history.page", { page: cursors.length }),
                accessibilityLabels: { previous: t("history.previous"), next: t("history.next") },
              }}
            >
              {rows}
            </IndexTable>
          )}
        </Card>
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t("history.bulkTitle")}
            </Text>
            <Text as="p">{t("history.bulkText")}</Text>
            <InlineStack>
              <CancelAllPending
                loadQueuedCount={() => loadQueuedCount(api)}
                cancelAll={() => cancelAllPending(api)}
                onDone={(n) => toast(t("cancelAll.done", { count: n }))}
              />
            </InlineStack>
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}
