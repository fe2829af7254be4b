/**
 * Get reviews → "Invite from past orders" (issue 17): a search and a date range over the
 * store's orders in Shopify, every page of them, with progress as the backend reports it.
 * Running it again invites nobody twice (orders already invited are skipped).
 */
import { Banner, BlockStack, Button, InlineStack, ProgressBar, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { ApiError } from "../../api/client.ts";
import type { ImportLine } from "../../api/types.ts";
import { labelOr } from "../../components/EventTimeline.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { useApi } from "../../hooks/api.tsx";
import { useI18n } from "../../i18n/i18n.tsx";

export function SearchImport() {
  const { t, locale } = useI18n();
  const api = useApi();
  const [q, setQ] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [running, setRunning] = useState(false);
  const [last, setLast] = useState<ImportLine | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const number = new Intl.NumberFormat(locale);

  async function run() {
    setRunning(true);
    setError(null);
    setLast(null);
    try {
      await api.lines<ImportLine>("/api/get-reviews/import", { q: q.trim() || undefined, from: from || undefined, to: to || undefined }, setLast);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, "unexpected", t("errors.unexpected")));
    } finally {
      setRunning(false);
    }
  }

  const reasons = last ? Object.entries(last.byReason) : [];
  return (
    <SectionCard headingId="import-heading" title={t("getReviews.search.title")} gap="400">
      <Text as="p" tone="subdued">
        {t("getReviews.search.intro")}
      </Text>
      <InlineStack gap="300" wrap>
        <div style={{ minWidth: "16rem", flexGrow: 1 }}>
          <TextField label={t("getReviews.search.q")} value={q} onChange={setQ} helpText={t("getReviews.search.qHelp")} autoComplete="off"
            error={error?.details.field === "q" ? error.message : undefined} />
        </div>
        <TextField label={t("getReviews.search.from")} type="date" value={from} onChange={setFrom} autoComplete="off"
          error={error?.details.field === "from" ? error.message : undefined} />
        <TextField label={t("getReviews.search.to")} type="date" value={to} onChange={setTo} autoComplete="off"
          error={error?.details.field === "to" ? error.message : undefined} />
      </InlineStack>
      <InlineStack>
        <Button variant="primary" onClick={run} loading={running}>
          {t("getReviews.search.run")}
        </Button>
      </InlineStack>
      {error && !error.details.field && (
        <div role="alert">
          <Banner tone="critical" title={t("getReviews.search.failed")}>
            <p>{error.message}</p>
          </Banner>
        </div>
      )}
      {last && (
        <div aria-live="polite" data-testid="import-progress">
          <BlockStack gap="200">
            {last.type === "progress" && <ProgressBar progress={last.nextCursor === null ? 100 : 50} size="small" animated />}
            <Text as="p" fontWeight="semibold">
              {t(last.type === "done" ? "getReviews.search.done" : "getReviews.search.progress", {
                orders: number.format(last.orders),
                created: number.format(last.created),
                skipped: number.format(last.skipped),
              })}
            </Text>
            {reasons.length > 0 && (
              <ul style={{ margin: 0, paddingInlineStart: "1.25rem" }}>
                {reasons.map(([r, n]) => (
                  <li key={r}>{`${labelOr(t, `guidance.skipped.reason.${r}`, r)}: ${number.format(n)}`}</li>
                ))}
              </ul>
            )}
            {last.type === "error" && (
              <div role="alert">
                <Banner tone="warning" title={t("getReviews.search.stopped")}>
                  <p>{last.message}</p>
                </Banner>
              </div>
            )}
          </BlockStack>
        </div>
      )}
    </SectionCard>
  );
}
