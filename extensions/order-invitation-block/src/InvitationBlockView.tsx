/** @jsxImportSource preact */
// The pragma above keeps this file Preact JSX even when the root tsconfig (React JSX)
// type-checks it through a test.
/**
 * Lays out a BlockModel with the admin's `s-*` web components. No decisions here: which
 * message shows when is view-model.ts; this file only places and translates them.
 * There is deliberately no cancel control anywhere (R3): `noSingleCancel` says why.
 */
import type {} from "@shopify/ui-extensions/admin.order-details.block.render";
import type { CancelledOrderGuidance, BlockModel, InvitationCard, Message } from "./view-model.ts";
import { SETTINGS_HREF } from "./view-model.ts";

export type Translate = (key: string, values?: Record<string, string | number>) => string;

/** What the merchant is doing with one invitation's date field. */
export interface RescheduleState {
  /** The date currently in the field (YYYY-MM-DD); the invitation's own date until edited. */
  draft?: string;
  saving?: boolean;
  /** The API's message for a failed Save, shown as the API words it. */
  error?: string;
  /** Confirmation after a successful Save. */
  saved?: string;
}

export interface InvitationBlockViewProps {
  model: BlockModel;
  t: Translate;
  reschedule?: Record<string, RescheduleState>;
  onDateChange?: (invitationId: string, value: string) => void;
  onSave?: (invitationId: string) => void;
}

const say = (t: Translate, message: Message) => t(message.key, message.values);

function Guidance({ guidance, t }: { guidance: CancelledOrderGuidance; t: Translate }) {
  return (
    <s-banner tone="warning" heading={say(t, guidance.heading)}>
      <s-stack direction="block" gap="small-200">
        <s-paragraph>{say(t, guidance.stays)}</s-paragraph>
        <s-paragraph>{say(t, guidance.notice)}</s-paragraph>
        <s-paragraph>{say(t, guidance.trigger)}</s-paragraph>
        <s-link href={SETTINGS_HREF}>{say(t, guidance.settingsLink)}</s-link>
      </s-stack>
    </s-banner>
  );
}

function Card({
  card,
  t,
  state,
  onDateChange,
  onSave,
}: {
  card: InvitationCard;
  t: Translate;
  state: RescheduleState;
  onDateChange?: InvitationBlockViewProps["onDateChange"];
  onSave?: InvitationBlockViewProps["onSave"];
}) {
  return (
    <s-stack direction="block" gap="small-200">
      <s-stack direction="inline" gap="small-200" alignItems="center">
        <s-badge tone={card.badge.tone}>{say(t, card.badge.label)}</s-badge>
        <s-text color="subdued">{say(t, card.source)}</s-text>
      </s-stack>
      {card.lines.map((line) => (
        <s-paragraph key={line.key}>{say(t, line)}</s-paragraph>
      ))}
      {card.reschedule && (
        <s-stack direction="inline" gap="small-200" alignItems="end">
          <s-date-field
            label={t("queued.dateLabel")}
            details={t("queued.dateDetails")}
            value={state.draft ?? card.reschedule.value}
            allow={card.reschedule.allow}
            error={state.error}
            disabled={state.saving}
            onChange={(event) => onDateChange?.(card.id, event.currentTarget.value)}
          />
          <s-button variant="primary" loading={state.saving} onClick={() => onSave?.(card.id)}>
            {t("queued.save")}
          </s-button>
        </s-stack>
      )}
      {state.saved && <s-text tone="success">{state.saved}</s-text>}
      <s-link href={card.detailsHref}>{t("openDetails")}</s-link>
    </s-stack>
  );
}

export function InvitationBlockView({ model, t, reschedule = {}, onDateChange, onSave }: InvitationBlockViewProps) {
  return (
    <s-admin-block heading={t("heading")} collapsedSummary={say(t, model.summary)}>
      <s-stack direction="block" gap="base">
        {model.paused && <s-banner tone="info">{say(t, model.paused)}</s-banner>}
        {model.cancelledGuidance && <Guidance guidance={model.cancelledGuidance} t={t} />}
        {model.none && (
          <s-stack direction="block" gap="small-200">
            <s-heading>{say(t, model.none.heading)}</s-heading>
            <s-paragraph>{say(t, model.none.reason)}</s-paragraph>
          </s-stack>
        )}
        {model.invitations.map((card) => (
          <Card
            key={card.id}
            card={card}
            t={t}
            state={reschedule[card.id] ?? {}}
            onDateChange={onDateChange}
            onSave={onSave}
          />
        ))}
        {model.noSingleCancel && <s-text color="subdued">{say(t, model.noSingleCancel)}</s-text>}
      </s-stack>
    </s-admin-block>
  );
}

/** While loading, or when the backend can't be reached: the block still says what is going on. */
export function StatusBlock({ t, message, onRetry }: { t: Translate; message: string; onRetry?: () => void }) {
  return (
    <s-admin-block heading={t("heading")}>
      <s-stack direction="block" gap="small-200">
        <s-paragraph>{message}</s-paragraph>
        {onRetry && <s-button onClick={onRetry}>{t("retry")}</s-button>}
      </s-stack>
    </s-admin-block>
  );
}
