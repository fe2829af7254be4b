/**
 * Full invitation history: filters and search in the URL (so a banner can link to "failed
 * ones"), keyset pagination (the API's cursor; Previous walks back a stack of cursors),
 * and a row that expands into the invitation's details and its Delivery editor (R6).
 */
import {
  BlockStack,
  Box,
  Button,
  Card,
  EmptySearchResult,
  IndexTable,
  InlineStack,
  Page,
  Select,
  SkeletonBodyText,
  Text,
  TextField,
} from "@shopify/polaris";
import { ChevronDownIcon, ChevronRightIcon, ExportIcon, SearchIcon } from "@shopify/polaris-icons";
import { Fragment, useEffect, useMemo, useState, type MouseEvent } from "react";
import { ApiError } from "../api/client.ts";
import type { Invitation, InvitationDetailResponse, InvitationPage, InvitationWithEvents, Summary } from "../api/types.ts";
import { STATUSES } from "../api/types.ts";
import { cancelAllPending, loadQueuedCount } from "../api/bulk-cancel.ts";
import { CancelAllPending } from "../components/CancelAllPending.tsx";
import { ErrorBanner } from "../components/ErrorBanner.tsx";
import { labelOr } from "../components/EventTimeline.tsx";
import { InvitationDetails } from "../components/InvitationDetails.tsx";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { useApi, useQuery } from "../hooks/api.tsx";
import { useShop } from "../hooks/shop.tsx";
import { useToast } from "../hooks/toast.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import { endOfShopDay, formatShopDateTime, startOfShopDay } from "../lib/dates.ts";
import { useRouter, useSearchParams } from "../lib/router.tsx";

export const PAGE_SIZE = 25;
const COLUMNS = 5;

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
  const [expanded, setExpanded] = useState<string | null>(params.get("open"));
  const cursor = cursors[cursors.length - 1] ?? null;

  function setFilter(name: string, value: string) {
    const next = new URLSearchParams(location.search);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete("open");
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
    (a) =>
      rangeInvalid
        ? Promise.resolve<InvitationPage>({ invitations: [], nextCursor: null })
        : a.get<InvitationPage>("/api/invitations", { status, q, from: range.from, to: range.to, cursor, limit: PAGE_SIZE }),
    [status, q, range.from, range.to, cursor, rangeInvalid],
  );
  const details = useQuery(
    async (a): Promise<InvitationWithEvents | undefined> => {
      if (!expanded) return undefined;
      const d = await a.get<InvitationDetailResponse>(`/api/invitations/${expanded}`);
      return { ...d.invitation, events: d.events };
    },
    [expanded],
  );

  const invitations = list.data?.invitations ?? [];
  const firstLoad = list.loading && !list.data;

  async function saveDelivery(id: string, sendAt: Date) {
    await api.patch<Invitation>(`/api/invitations/${id}`, { sendAt: sendAt.toISOString() });
    toast(t("delivery.saved", { date: formatShopDateTime(sendAt.toISOString(), timeZone, locale) }));
    details.reload();
    list.reload();
  }

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

  function toggle(id: string) {
    setExpanded((current) => (current === id ? null : id));
  }

  const statusOptions = [
    { label: t("history.allStatuses"), value: "" },
    ...STATUSES.map((s) => ({ label: t(`status.${s}`), value: s })),
  ];

  const rows = invitations.map((invitation, index) => {
    const isOpen = expanded === invitation.id;
    const name = invitation.customerName || invitation.email;
    return (
      <Fragment key={invitation.id}>
        <IndexTable.Row id={invitation.id} position={index} onClick={() => toggle(invitation.id)} selected={isOpen}>
          <IndexTable.Cell>
            {/* The button has no handler of its own: its click (mouse or keyboard) reaches the row's. */}
            <InlineStack gap="200" blockAlign="center" wrap={false}>
              <Button
                variant="plain"
                icon={isOpen ? ChevronDownIcon : ChevronRightIcon}
                accessibilityLabel={t(isOpen ? "history.collapse" : "history.expand", { name })}
                ariaExpanded={isOpen}
                ariaControls={`invitation-${invitation.id}-details`}
              />
              <BlockStack gap="0">
                <Text as="span" variant="bodyMd" fontWeight="semibold">
                  {name}
                </Text>
                {invitation.customerName && (
                  <Text as="span" variant="bodySm" tone="subdued">
                    {invitation.email}
                  </Text>
                )}
              </BlockStack>
            </InlineStack>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <InlineStack gap="100" blockAlign="center">
              <Text as="span">{invitation.orderName ?? "—"}</Text>
              {invitation.orderCancelledAt && (
                <Text as="span" variant="bodySm" tone="caution">
                  {t("history.orderCancelled")}
                </Text>
              )}
            </InlineStack>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <StatusBadge status={invitation.status} />
          </IndexTable.Cell>
          <IndexTable.Cell>
            {formatShopDateTime(invitation.status === "sent" ? invitation.sentAt ?? invitation.sendAt : invitation.sendAt, timeZone, locale)}
          </IndexTable.Cell>
          <IndexTable.Cell>{labelOr(t, `source.${invitation.source}`, invitation.source)}</IndexTable.Cell>
        </IndexTable.Row>
        {isOpen && (
          <IndexTable.Row id={`${invitation.id}-details`} position={index} rowType="child">
            <IndexTable.Cell colSpan={COLUMNS} flush>
              <div id={`invitation-${invitation.id}-details`} onClick={stop}>
                {details.error ? (
                  <Box padding="400">
                    <ErrorBanner error={details.error} onRetry={details.reload} />
                  </Box>
                ) : details.data && details.data.id === invitation.id ? (
                  <InvitationDetails
                    invitation={details.data}
                    timeZone={timeZone}
                    onSaveDelivery={(sendAt) => saveDelivery(invitation.id, sendAt)}
                  />
                ) : (
                  <Box padding="400">
                    <SkeletonBodyText lines={5} />
                  </Box>
                )}
              </div>
            </IndexTable.Cell>
          </IndexTable.Row>
        )}
      </Fragment>
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
                onDone={(n) => {
                  toast(t("cancelAll.done", { count: n }));
                  list.reload();
                  details.reload();
                }}
              />
            </InlineStack>
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}

/** Clicks inside the expanded details must not collapse the row they belong to. */
function stop(event: MouseEvent) {
  event.stopPropagation();
}
