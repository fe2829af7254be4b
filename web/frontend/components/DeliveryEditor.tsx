/**
 * R6: a delayed order's invitation gets a later delivery date. The merchant types the date
 * and time as the shop's clocks show them; the backend decides what is allowed (future,
 * within a year, still queued) and its reason is shown here when it says no.
 */
import { BlockStack, Button, InlineError, InlineStack, Text, TextField } from "@shopify/polaris";
import { useEffect, useId, useState } from "react";
import { useI18n } from "../i18n/i18n.tsx";
import { fromShopDateTime, toShopDateTime } from "../../shared/dates.ts";
import { errorMessage } from "../lib/refusals.ts";

export interface DeliveryEditorProps {
  sendAt: string;
  timeZone: string;
  onSave(sendAt: Date): Promise<void>;
}

export function DeliveryEditor({ sendAt, timeZone, onSave }: DeliveryEditorProps) {
  const { t, locale } = useI18n();
  const initial = toShopDateTime(sendAt, timeZone);
  const [date, setDate] = useState(initial.date);
  const [time, setTime] = useState(initial.time);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const dateId = `${id}-date`;
  const timeId = `${id}-time`;

  // A saved date comes back from the server: show it, not the stale typed one.
  useEffect(() => {
    const next = toShopDateTime(sendAt, timeZone);
    setDate(next.date);
    setTime(next.time);
  }, [sendAt, timeZone]);

  const changed = date !== initial.date || time !== initial.time;

  async function save() {
    const instant = fromShopDateTime(date, time, timeZone);
    if (!instant) {
      setError(t("delivery.invalid"));
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await onSave(instant);
    } catch (caught) {
      setError(errorMessage(caught, t, timeZone, locale));
    } finally {
      setSaving(false);
    }
  }

  return (
    <BlockStack gap="200">
      <Text as="p" variant="bodySm" tone="subdued">
        {t("delivery.help", { timeZone })}
      </Text>
      <InlineStack gap="300" blockAlign="end" wrap>
        <div style={{ minWidth: 170 }}>
          <TextField
            id={dateId}
            label={t("delivery.date")}
            type="date"
            value={date}
            onChange={(v) => {
              setDate(v);
              setError(null);
            }}
            autoComplete="off"
            error={Boolean(error)}
          />
        </div>
        <div style={{ minWidth: 130 }}>
          <TextField
            id={timeId}
            label={t("delivery.time")}
            type="time"
            value={time}
            onChange={(v) => {
              setTime(v);
              setError(null);
            }}
            autoComplete="off"
            error={Boolean(error)}
          />
        </div>
        <Button variant="primary" onClick={save} loading={saving} disabled={!changed}>
          {t("delivery.save")}
        </Button>
      </InlineStack>
      {/*
        The backend's reason (past date, more than a year ahead, no longer queued), announced.
        Both fields are marked invalid, and Polaris points each one's aria-describedby at
        "<field id>Error": the visible message is the date field's, the time field's is the same
        text kept hidden (a description may come from a hidden element).
      */}
      <div role="alert">{error && <InlineError message={error} fieldID={dateId} />}</div>
      {error && (
        <span id={`${timeId}Error`} hidden>
          {error}
        </span>
      )}
    </BlockStack>
  );
}
