/**
 * While sending is paused (R5): the overdue backlog first — how many, since when — and how
 * it goes out when sending resumes (issue 17): spread over some hours, or every overdue
 * invitation moved by the same number of days. One choice for all of them, never one.
 */
import { Button, ChoiceList, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { ApiError } from "../api/client.ts";
import type { Backlog } from "../api/types.ts";
import { useApi, useQuery } from "../hooks/api.tsx";
import { useShop } from "../hooks/shop.tsx";
import { useToast } from "../hooks/toast.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import { ErrorText } from "./ErrorText.tsx";
import { SectionCard } from "./SectionCard.tsx";
import { formatShopDateTime } from "../../shared/dates.ts";

export function BacklogCard({ refreshMs }: { refreshMs: number }) {
  const { t, locale } = useI18n();
  const api = useApi();
  const toast = useToast();
  const shop = useShop();
  const backlog = useQuery(["/api/sending/backlog"], (a) => a.get<Backlog>("/api/sending/backlog"), { refetchInterval: refreshMs });
  const [mode, setMode] = useState<"spread" | "shift">("spread");
  const [hours, setHours] = useState<string | null>(null);
  const [days, setDays] = useState("1");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const data = backlog.data;
  if (!data?.paused) return null;
  const spreadHours = hours ?? String(data.resumeOverHours);

  async function resume() {
    setBusy(true);
    setError(null);
    try {
      const body = mode === "spread" ? { overHours: Number(spreadHours) } : { shiftDays: Number(days) };
      const result = await api.post<{ moved: number }>("/api/sending/resume", body);
      toast(t("backlog.resumed", { count: result.moved }));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, "unexpected", t("errors.unexpected")));
    } finally {
      setBusy(false);
    }
  }

  return (
    <SectionCard headingId="backlog-heading" title={t("backlog.title")}>
      <div data-testid="backlog-summary">
        <Text as="p">
          {data.overdue > 0
            ? t("backlog.overdue", { count: data.overdue, oldest: formatShopDateTime(data.oldestSendAt, shop.timeZone, locale) })
            : t("backlog.none")}
        </Text>
      </div>
      {data.overdue > 0 && (
        <ChoiceList
          title={t("backlog.how")}
          selected={[mode]}
          onChange={([value]) => value && setMode(value as "spread" | "shift")}
          choices={[
            {
              label: t("backlog.spread"),
              value: "spread",
              renderChildren: (selected) =>
                selected && (
                  <TextField
                    label={t("backlog.hours")}
                    type="number"
                    min={0}
                    max={72}
                    value={spreadHours}
                    onChange={setHours}
                    suffix={t("settings.resume.hours")}
                    helpText={
                      Number(spreadHours) > 0
                        ? t("backlog.rate", { perHour: Math.ceil(data.overdue / Number(spreadHours)), hours: Number(spreadHours) })
                        : t("backlog.atOnce")
                    }
                    autoComplete="off"
                    error={error?.details.field === "overHours" ? error.message : undefined}
                  />
                ),
            },
            {
              label: t("backlog.shift"),
              value: "shift",
              renderChildren: (selected) =>
                selected && (
                  <TextField
                    label={t("backlog.days")}
                    type="number"
                    min={1}
                    max={90}
                    value={days}
                    onChange={setDays}
                    suffix={t("settings.days")}
                    autoComplete="off"
                    error={error?.details.field === "shiftDays" ? error.message : undefined}
                  />
                ),
            },
          ]}
        />
      )}
      {error && !error.details.field && (
        <ErrorText>{error.message}</ErrorText>
      )}
      <InlineStack>
        <Button variant="primary" onClick={resume} loading={busy}>
          {t("guidance.paused.resume")}
        </Button>
      </InlineStack>
    </SectionCard>
  );
}
