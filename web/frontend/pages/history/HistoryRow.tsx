/**
 * One invitation in the history table: five columns on a wide screen, one stacked entry on a
 * phone (instead of five columns to scroll through). A click anywhere on the row opens the
 * invitation's own page.
 */
import { BlockStack, IndexTable, InlineStack, Link, Text } from "@shopify/polaris";
import type { Invitation } from "../../api/types.ts";
import { labelOr } from "../../components/EventTimeline.tsx";
import { StatusBadge } from "../../components/StatusBadge.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import { formatShopDateTime } from "../../../shared/dates.ts";
import { invitationUrl } from "../InvitationPage.tsx";

export function HistoryRow({ invitation, index, condensed, timeZone }: { invitation: Invitation; index: number; condensed: boolean; timeZone: string }) {
  const { t, locale } = useI18n();
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
    return (
      <IndexTable.Row id={invitation.id} position={index}>
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
    <IndexTable.Row id={invitation.id} position={index}>
      <IndexTable.Cell>{customer}</IndexTable.Cell>
      <IndexTable.Cell>{order}</IndexTable.Cell>
      <IndexTable.Cell>
        <StatusBadge status={invitation.status} />
      </IndexTable.Cell>
      <IndexTable.Cell>{delivery}</IndexTable.Cell>
      <IndexTable.Cell>{source}</IndexTable.Cell>
    </IndexTable.Row>
  );
}
