/**
 * An expanded invitation: who, which order, from which event, its status, its history,
 * and Delivery — the one thing a merchant can change about a single invitation (R6).
 */
import { Badge, BlockStack, Box, Divider, InlineGrid, Link, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import type { InvitationWithEvents } from "../api/types.ts";
import { useI18n } from "../i18n/i18n.tsx";
import { formatShopDateTime } from "../lib/dates.ts";
import { DeliveryEditor } from "./DeliveryEditor.tsx";
import { EventTimeline, labelOr } from "./EventTimeline.tsx";
import { NoSingleCancelNote } from "./NoSingleCancelNote.tsx";
import { StatusBadge } from "./StatusBadge.tsx";

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <BlockStack gap="050">
      <Text as="dt" variant="bodySm" tone="subdued">
        {label}
      </Text>
      <Text as="dd" variant="bodyMd">
        {children}
      </Text>
    </BlockStack>
  );
}

export interface InvitationDetailsProps {
  invitation: InvitationWithEvents;
  timeZone: string;
  onSaveDelivery(sendAt: Date): Promise<void>;
}

export function InvitationDetails({ invitation, timeZone, onSaveDelivery }: InvitationDetailsProps) {
  const { t, locale } = useI18n();
  const format = (iso: string | null | undefined) => formatShopDateTime(iso, timeZone, locale);
  const queued = invitation.status === "queued";
  const headingId = `invitation-${invitation.id}-heading`;

  return (
    <Box padding="400" background="bg-surface">
      <section aria-labelledby={headingId}>
        <BlockStack gap="400">
          <Text as="h3" variant="headingMd" id={headingId}>
            {t("details.title", { name: invitation.customerName || invitation.email })}
          </Text>
          <dl style={{ margin: 0 }}>
            <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
              <Field label={t("details.customer")}>
                {invitation.customerName && <span>{invitation.customerName}<br /></span>}
                {invitation.email}
              </Field>
              <Field label={t("details.order")}>
                {invitation.orderName || invitation.orderId || t("details.noOrder")}{" "}
                {invitation.orderCancelledAt && <Badge tone="warning">{t("details.orderCancelled")}</Badge>}
              </Field>
              <Field label={t("details.source")}>{labelOr(t, `source.${invitation.source}`, invitation.source)}</Field>
              <Field label={t("details.status")}>
                <StatusBadge status={invitation.status} />
              </Field>
            </InlineGrid>
          </dl>

          {invitation.orderCancelledAt && (
            <Text as="p" variant="bodyMd">
              {t("details.cancelledOrderNote", { date: format(invitation.orderCancelledAt) })}{" "}
              <Link url="/help#cancelled-order">{t("details.cancelledOrderLink")}</Link>
            </Text>
          )}

          {invitation.status === "failed" && invitation.lastError && (
            <Text as="p" tone="critical">
              {t("details.failedBecause", { reason: invitation.lastError })}
            </Text>
          )}

          <Divider />
          <section aria-labelledby={`${headingId}-delivery`}>
            <BlockStack gap="200">
              <Text as="h4" variant="headingSm" id={`${headingId}-delivery`}>
                {t("details.delivery")}
              </Text>
              {queued ? (
                <DeliveryEditor sendAt={invitation.sendAt} timeZone={timeZone} onSave={onSaveDelivery} />
              ) : (
                <Text as="p">{deliveryText(invitation, format, t)}</Text>
              )}
            </BlockStack>
          </section>

          <NoSingleCancelNote queued={queued} />

          <Divider />
          <section aria-labelledby={`${headingId}-history`}>
            <BlockStack gap="200">
              <Text as="h4" variant="headingSm" id={`${headingId}-history`}>
                {t("details.history")}
              </Text>
              <EventTimeline events={invitation.events} timeZone={timeZone} />
            </BlockStack>
          </section>
        </BlockStack>
      </section>
    </Box>
  );
}

function deliveryText(
  invitation: InvitationWithEvents,
  format: (iso: string | null | undefined) => string,
  t: (key: string, vars?: Record<string, string | number>) => string,
): string {
  switch (invitation.status) {
    case "sent":
      return t("details.deliverySent", { date: format(invitation.sentAt ?? invitation.sendAt) });
    case "sending":
      return t("details.deliverySending");
    case "failed":
      return t("details.deliveryFailed", { date: format(invitation.sendAt) });
    case "canceled":
      return t("details.deliveryCanceled");
    default:
      return format(invitation.sendAt);
  }
}
