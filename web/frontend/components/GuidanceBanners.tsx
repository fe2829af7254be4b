/**
 * The home page's advice, shown only when it applies. Each banner says what happened,
 * why, and puts the fix one click away — the cancelled-order one above all (R4): those
 * invitations stay for fairness, and two settings prevent the situation.
 */
import { Banner, BlockStack, Link, List, Text } from "@shopify/polaris";
import { useState } from "react";
import { ApiError } from "../api/client.ts";
import type { Settings, Summary } from "../api/types.ts";
import { useI18n } from "../i18n/i18n.tsx";
import { labelOr } from "./EventTimeline.tsx";

export interface GuidanceBannersProps {
  summary: Summary;
  /** Changes settings from a banner's button (switch trigger, notice on, resume). */
  updateSettings(patch: Partial<Settings>): Promise<void>;
}

export function GuidanceBanners({ summary, updateSettings }: GuidanceBannersProps) {
  const { t } = useI18n();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function apply(name: string, patch: Partial<Settings>) {
    setBusy(name);
    setError(null);
    try {
      await updateSettings(patch);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : t("errors.unexpected"));
    } finally {
      setBusy(null);
    }
  }

  const { settings } = summary;
  const cancelled = summary.cancelledOrdersQueued;
  // The backend says which fixes apply: a delivered trigger already waits for dispatch.
  const cancelledGuide = summary.guidance?.find((g) => g.code === "cancelled_orders");
  const offerSwitch = cancelledGuide
    ? cancelledGuide.actions.includes("switch_trigger_to_fulfillment")
    : settings.trigger === "order_created";
  const failed = summary.counts.failed ?? 0;
  const skippedEntries = Object.entries(summary.skippedOrders.byReason).filter(([, n]) => n > 0);
  const skippedTotal = skippedEntries.reduce((sum, [, n]) => sum + n, 0);

  return (
    <BlockStack gap="300">
      {error && (
        <Banner tone="critical" title={t("guidance.actionFailed")} onDismiss={() => setError(null)}>
          <p>{error}</p>
        </Banner>
      )}

      {settings.paused && (
        <Banner
          tone="warning"
          title={t("guidance.paused.title")}
          action={{ content: t("guidance.paused.resume"), onAction: () => apply("resume", { paused: false }), loading: busy === "resume" }}
          secondaryAction={{ content: t("guidance.paused.learnMore"), url: "/help#wrong-data" }}
        >
          <p>{summary.overdueQueued > 0 ? t("guidance.paused.overdue", { count: summary.overdueQueued }) : t("guidance.paused.nothingOverdue")}</p>
        </Banner>
      )}

      {cancelled > 0 && (
        <Banner
          tone="warning"
          title={t("guidance.cancelled.title", { count: cancelled })}
          action={
            settings.noticeEnabled
              ? { content: t("guidance.cancelled.editNotice"), url: "/settings#notice" }
              : { content: t("guidance.cancelled.enableNotice"), onAction: () => apply("notice", { noticeEnabled: true }), loading: busy === "notice" }
          }
          secondaryAction={
            offerSwitch
              ? { content: t("guidance.cancelled.switchTrigger"), onAction: () => apply("trigger", { trigger: "order_fulfilled" }) }
              : undefined
          }
        >
          <BlockStack gap="200">
            <p>{t("guidance.cancelled.why")}</p>
            <List type="bullet">
              <List.Item>{settings.noticeEnabled ? t("guidance.cancelled.noticeOn") : t("guidance.cancelled.noticeOff")}</List.Item>
              {offerSwitch && <List.Item>{t("guidance.cancelled.trigger")}</List.Item>}
            </List>
            <p>
              {t("guidance.cancelled.stillReview")} <Link url="/help#cancelled-order">{t("guidance.cancelled.help")}</Link>
            </p>
          </BlockStack>
        </Banner>
      )}

      {failed > 0 && (
        <Banner
          tone="critical"
          title={t("guidance.failed.title", { count: failed })}
          action={{ content: t("guidance.failed.view"), url: "/history?status=failed" }}
        >
          {summary.failedReasons.length > 0 ? (
            <List type="bullet">
              {summary.failedReasons.map((r) => (
                <List.Item key={r.reason}>{t("guidance.failed.reason", { reason: r.reason, count: r.count })}</List.Item>
              ))}
            </List>
          ) : (
            <p>{t("guidance.failed.noReason")}</p>
          )}
        </Banner>
      )}

      {skippedTotal > 0 && (
        <Banner tone="info" title={t("guidance.skipped.title", { count: skippedTotal })}>
          <BlockStack gap="100">
            <List type="bullet">
              {skippedEntries.map(([reason, count]) => (
                <List.Item key={reason}>{labelOr(t, `guidance.skipped.reason.${reason}`, reason) + " " + t("guidance.skipped.count", { count })}</List.Item>
              ))}
            </List>
            {(summary.skippedOrders.byReason.test_order ?? 0) > 0 && (
              <Text as="p" tone="subdued">
                {t("guidance.skipped.testHint")}
              </Text>
            )}
          </BlockStack>
        </Banner>
      )}
    </BlockStack>
  );
}
