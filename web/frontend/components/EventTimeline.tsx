/** The invitation's audit trail, oldest first: what happened, when, and who did it. */
import { Box, InlineStack, Text } from "@shopify/polaris";
import type { InvitationEvent } from "../api/types.ts";
import { useI18n, type Translate } from "../i18n/i18n.tsx";
import { formatShopDateTime } from "../../shared/dates.ts";

/** A catalog label, or the raw value when the catalog doesn't know it (a newer backend). */
export function labelOr(t: Translate, key: string, raw: string): string {
  const label = t(key);
  return label === key ? raw : label;
}

function actorLabel(actor: string | null | undefined, t: Translate): string {
  if (!actor) return t("events.actor.system");
  if (["webhook", "system", "customer", "scheduler"].includes(actor)) return t(`events.actor.${actor}`);
  return t("events.actor.staff", { user: actor });
}

/** The details worth a line of text; unknown ones are left out rather than dumped as JSON. */
function detailLines(event: InvitationEvent, t: Translate, format: (iso: string) => string): string[] {
  const d = event.details ?? {};
  const lines: string[] = [];
  const str = (k: string) => (typeof d[k] === "string" ? (d[k] as string) : undefined);
  const from = str("from") ?? str("oldSendAt") ?? str("previousSendAt");
  const to = str("to") ?? str("newSendAt") ?? str("sendAt");
  if (event.type === "rescheduled" || event.type === "customer_postponed") {
    if (from && to) lines.push(t("events.detail.moved", { from: format(from), to: format(to) }));
  } else if (to && event.type === "created") {
    lines.push(t("events.detail.sendAt", { date: format(to) }));
  }
  const source = str("source");
  if (source) lines.push(t("events.detail.source", { source: labelOr(t, `source.${source}`, source) }));
  const error = str("error") ?? str("reason") ?? str("lastError");
  if (error) lines.push(t("events.detail.error", { error }));
  if (typeof d.count === "number") lines.push(t("events.detail.count", { count: d.count }));
  const retryAt = str("retryAt") ?? str("nextAttemptAt");
  if (retryAt) lines.push(t("events.detail.retryAt", { date: format(retryAt) }));
  return lines;
}

export function EventTimeline({ events, timeZone }: { events: InvitationEvent[]; timeZone: string }) {
  const { t, locale } = useI18n();
  const format = (iso: string) => formatShopDateTime(iso, timeZone, locale);
  if (events.length === 0) {
    return (
      <Text as="p" tone="subdued">
        {t("events.none")}
      </Text>
    );
  }
  return (
    // The li elements are the ol's own children (a layout div between them breaks the list for screen readers).
    <ol
      aria-label={t("details.history")}
      style={{ listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "var(--p-space-200)" }}
    >
      {events.map((event, index) => (
        <li key={event.id ?? index} style={{ minWidth: 0, overflowWrap: "anywhere" }}>
          <Box borderInlineStartWidth="050" borderColor="border" paddingInlineStart="300">
            <InlineStack gap="200" blockAlign="baseline" wrap>
              <Text as="span" variant="bodyMd" fontWeight="semibold">
                {labelOr(t, `events.type.${event.type}`, event.type)}
              </Text>
              <Text as="span" variant="bodySm" tone="subdued">
                <time dateTime={event.at}>{format(event.at)}</time> · {actorLabel(event.actor, t)}
              </Text>
            </InlineStack>
            {detailLines(event, t, format).map((line) => (
              <Text as="p" variant="bodySm" key={line}>
                {line}
              </Text>
            ))}
          </Box>
        </li>
      ))}
    </ol>
  );
}
