/**
 * One invitation on its own page (/invitations/:id), reached from a history row, the home
 * page's recent list and the order page block's link: its details, the Delivery editor
 * (R6), why it can't be cancelled (R3) and its event history, readable at any width.
 */
import { BlockStack, Card, Page, SkeletonBodyText, SkeletonDisplayText } from "@shopify/polaris";
import type { Invitation, InvitationDetailResponse, InvitationWithEvents } from "../api/types.ts";
import { ErrorBanner } from "../components/ErrorBanner.tsx";
import { InvitationDetails } from "../components/InvitationDetails.tsx";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { useApi, useQuery } from "../hooks/api.tsx";
import { useShop } from "../hooks/shop.tsx";
import { useToast } from "../hooks/toast.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import { formatShopDateTime } from "../../shared/dates.ts";

export const INVITATION_PATH = /^\/invitations\/([^/]+)$/;

export function invitationUrl(id: string): string {
  return `/invitations/${encodeURIComponent(id)}`;
}

export function InvitationPage({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const api = useApi();
  const toast = useToast();
  const { timeZone } = useShop();
  const path = `/api/invitations/${encodeURIComponent(id)}`;
  const details = useQuery([path], async (a): Promise<InvitationWithEvents> => {
    const d = await a.get<InvitationDetailResponse>(path);
    return { ...d.invitation, events: d.events };
  });
  const invitation = details.data;
  const back = { content: t("nav.history"), url: "/history" };

  async function saveDelivery(sendAt: Date) {
    await api.patch<Invitation>(path, { sendAt: sendAt.toISOString() });
    toast(t("delivery.saved", { date: formatShopDateTime(sendAt.toISOString(), timeZone, locale) }));
  }

  if (!invitation) {
    return (
      <Page title={details.error ? t("details.unavailable") : t("details.loading")} backAction={back}>
        {details.error ? (
          <ErrorBanner error={details.error} onRetry={details.reload} />
        ) : (
          <Card>
            <BlockStack gap="400">
              <SkeletonDisplayText size="small" />
              <SkeletonBodyText lines={6} />
            </BlockStack>
          </Card>
        )}
      </Page>
    );
  }

  return (
    <Page
      title={t("details.title", { name: invitation.customerName || invitation.email })}
      titleMetadata={<StatusBadge status={invitation.status} />}
      subtitle={invitation.orderName ?? undefined}
      backAction={back}
    >
      <BlockStack gap="400">
        {details.error && <ErrorBanner error={details.error} onRetry={details.reload} />}
        <InvitationDetails invitation={invitation} timeZone={timeZone} onSaveDelivery={saveDelivery} />
      </BlockStack>
    </Page>
  );
}
