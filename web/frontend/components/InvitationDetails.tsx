/**
 * One invitation, as the cards of its own page (/invitations/:id): who, which order, from
 * which event, its status; Delivery — the one thing a merchant can change about a single
 * invitation (R6); why it can't be cancelled (R3); and its history of events. The cards
 * stack on a phone and nothing in them needs horizontal scrolling.
 */
import { Badge, Banner, BlockStack, Layout, Link, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import type { InvitationWithEvents } from "../api/types.ts";
import { useI18n, type Translate } from "../i18n/i18n.tsx";
import { formatShopDateTime } from "../../shared/dates.ts";
import { DeliveryEditor } from "./DeliveryEditor.tsx";
import { EventTimeline, labelOr } from "./EventTimeline.tsx";
import { NoSingleCancelNote } from "./NoSingleCancelNote.tsx";
import { SectionCard } from "./SectionCard.tsx";
import { StatusBadge } from "./StatusBadge.tsx";

/** A dt/dd pair; the div around them is the one wrapper HTML allows inside a dl. */
function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div style={{ minWidth: 0 }}>
      <Text as="dt" variant="bodySm" tone="subdued">
        {label}
      </Text>
      <dd style={{ margin: 0, overflowWrap: "anywhere" }}>{children}</dd>
    </div>
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

  return (
    <Layout>
      <Layout.Section>
        <BlockStack gap="400">
          {invitation.orderCancelledAt && (
            <Banner tone="warning" title={t("details.orderCancelled")}>
              <p>
                {t("details.cancelledOrderNote", { date: format(invitation.orderCancelledAt) })}{" "}
                <Link url="/help#cancelled-order">{t("details.cancelledOrderLink")}</Link>
              </p>
            </Banner>
          )}
          {invitation.status === "failed" && invitation.lastError && (
            <Banner tone="critical" title={t("details.failedTitle")}>
              <p>{t("details.failedBecause", { reason: invitation.lastError })}</p>
            </Banner>
          )}

          <SectionCard headingId="invitation-summary" title={t("details.summary")}>
            <dl style={{ margin: 0, display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(11rem, 1fr))", gap: "var(--p-space-400)" }}>
              <Field label={t("details.customer")}>
                {invitation.customerName && (
                  <>
                    {invitation.customerName}
                    <br />
                  </>
                )}
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
            </dl>
          </SectionCard>

          <SectionCard headingId="invitation-delivery" title={t("details.delivery")}>
            {queued ? (
              <DeliveryEditor sendAt={invitation.sendAt} timeZone={timeZone} onSave={onSaveDelivery} />
            ) : (
              <Text as="p">{deliveryText(invitation, format, t)}</Text>
            )}
          </SectionCard>

          <NoSingleCancelNote queued={queued} />
        </BlockStack>
      </Layout.Section>
      <Layout.Section variant="oneThird">
        <SectionCard headingId="invitation-history" title={t("details.history")}>
          <EventTimeline events={invitation.events} timeZone={timeZone} />
        </SectionCard>
      </Layout.Section>
    </Layout>
  );
}

function deliveryText(invitation: InvitationWithEvents, format: (iso: string | null | undefined) => string, t: Translate): string {
  switch (invitation.status) {
    case "sent":
      return t("details.deliverySent", { date: format(invitation.sentAt ?? invitation.sendAt) });
    case "sending":
      return t("details.deliverySending");
    case "failed":
      return t("details.deliveryFailed", { date: format(invitation.sendAt) });
    case "canceled":
      return t("details.deliveryCanceled");
    case "bounced":
      return t("details.deliveryBounced", { date: format(invitation.sentAt ?? invitation.sendAt) });
    default:
      return format(invitation.sendAt);
  }
}
