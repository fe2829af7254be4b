/** @jsxImportSource preact */
/**
 * The block's behaviour: load this order's invitations, let the merchant move a queued
 * one's delivery date, and reload after every change so the block never shows a state the
 * backend doesn't have (the scheduler may have sent it meanwhile).
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError, type BlockApi, type OrderInvitationResponse } from "./api.ts";
import { moveToShopDate, safeTimeZone, shopDate } from "../../../web/shared/dates.ts";
import { InvitationBlockView, StatusBlock, type RescheduleState, type Translate } from "./InvitationBlockView.tsx";
import { buildBlockModel, unknownOrderModel } from "./view-model.ts";

export interface OrderInvitationBlockProps {
  /** The order's numeric id, from `shopify.data.selected[0].id`; null outside an order page. */
  orderId: string | null;
  api: BlockApi;
  t: Translate;
  /** Formats an instant in the given zone, in the admin's language. */
  formatDate: (iso: string, timeZone: string) => string;
  now?: () => Date;
}

type LoadState =
  | { kind: "loading" }
  | { kind: "failed"; message: string }
  | { kind: "unknown" }
  | { kind: "ready"; data: OrderInvitationResponse };

/** The backend's 404 code for an order no webhook ever told the app about. */
const ORDER_UNKNOWN = "order_unknown";

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function OrderInvitationBlock({ orderId, api, t, formatDate, now = () => new Date() }: OrderInvitationBlockProps) {
  const [load, setLoad] = useState<LoadState>({ kind: "loading" });
  const [reschedule, setReschedule] = useState<Record<string, RescheduleState>>({});
  // The dates typed so far, read by Save at once: a change and a click can arrive before
  // the re-render that would put the new date into `reschedule`.
  const drafts = useRef<Record<string, string>>({});

  const refresh = useCallback(async () => {
    if (!orderId) return;
    try {
      setLoad({ kind: "ready", data: await api.load(orderId) });
    } catch (error) {
      if (error instanceof ApiError && error.code === ORDER_UNKNOWN) setLoad({ kind: "unknown" });
      else setLoad({ kind: "failed", message: t("loadFailed", { message: messageOf(error) }) });
    }
  }, [api, orderId, t]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (!orderId) return <StatusBlock t={t} message={t("noOrder")} />;
  if (load.kind === "loading") return <StatusBlock t={t} message={t("loading")} />;
  if (load.kind === "failed") {
    return (
      <StatusBlock
        t={t}
        message={load.message}
        onRetry={() => {
          setLoad({ kind: "loading" });
          void refresh();
        }}
      />
    );
  }

  if (load.kind === "unknown") return <InvitationBlockView model={unknownOrderModel()} t={t} />;

  const { data } = load;
  const timeZone = safeTimeZone(data.settings.timezone);
  const model = buildBlockModel({ ...data, settings: { ...data.settings, timezone: timeZone } }, {
    now: now(),
    formatDate: (iso) => formatDate(iso, timeZone),
  });
  const update = (id: string, patch: RescheduleState) => setReschedule((all) => ({ ...all, [id]: { ...all[id], ...patch } }));

  async function save(id: string) {
    const invitation = data.invitations.find((candidate) => candidate.id === id);
    if (!invitation) return;
    const draft = drafts.current[id] ?? shopDate(invitation.sendAt, timeZone);
    if (draft === shopDate(invitation.sendAt, timeZone)) {
      update(id, { error: t("queued.unchanged"), saved: undefined });
      return;
    }
    const sendAt = moveToShopDate(invitation.sendAt, draft, timeZone);
    if (!sendAt) {
      update(id, { error: t("queued.invalidDate"), saved: undefined });
      return;
    }
    update(id, { saving: true, error: undefined, saved: undefined });
    try {
      await api.reschedule(id, sendAt.toISOString());
      delete drafts.current[id];
      await refresh();
      setReschedule((all) => ({
        ...all,
        [id]: { saved: t("queued.saved", { date: formatDate(sendAt.toISOString(), timeZone) }) },
      }));
    } catch (error) {
      update(id, { saving: false, error: messageOf(error) });
      // A conflict means the invitation changed under us (sent, or cancelled in bulk): show what it is now.
      if (error instanceof ApiError && error.status === 409) await refresh();
    }
  }

  return (
    <InvitationBlockView
      model={model}
      t={t}
      reschedule={reschedule}
      onDateChange={(id, value) => {
        drafts.current[id] = value;
        update(id, { draft: value, error: undefined, saved: undefined });
      }}
      onSave={(id) => void save(id)}
    />
  );
}
