/**
 * Settings → "When invitations go out" (issue 17): the send window in the shop's time zone
 * and delays per shipping country, with the effective result in one sentence ("an order
 * fulfilled Friday 21:30 is invited Monday 09:00") computed by the backend's own scheduling
 * code from the unsaved values.
 */
import { BlockStack, Button, Card, Checkbox, ChoiceList, InlineStack, Layout, Text, TextField } from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import type { SchedulePreview } from "../../api/types.ts";
import { useQuery } from "../../hooks/api.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import type { SectionProps } from "./section-props.ts";
import { timingValue } from "./timing-form.ts";

/** Weekday names in the merchant's language, ISO order (1 = Monday); 2024-01-01 was a Monday. */
function weekdays(locale: string): { label: string; value: string }[] {
  const format = new Intl.DateTimeFormat(locale, { weekday: "long", timeZone: "UTC" });
  return [1, 2, 3, 4, 5, 6, 7].map((d) => ({ label: format.format(new Date(Date.UTC(2024, 0, d))), value: String(d) }));
}

export function SendTimingSection({ form, set, fieldError }: SectionProps) {
  const { t, locale } = useI18n();
  const window = form.sendWindow;
  const delays = form.countryDelays;
  return (
    <Layout.AnnotatedSection id="timing" title={t("settings.timing.title")} description={t("settings.timing.description")}>
      <Card>
        <BlockStack gap="400">
          <Checkbox
            label={t("settings.timing.windowEnabled")}
            helpText={t("settings.timing.windowHelp", { timezone: form.timezone })}
            checked={window.enabled}
            onChange={(enabled) => set("sendWindow", { ...window, enabled })}
          />
          {window.enabled && (
            <BlockStack gap="300">
              <InlineStack gap="400" wrap>
                <TextField
                  label={t("settings.timing.start")}
                  type="time"
                  value={window.start}
                  onChange={(start) => set("sendWindow", { ...window, start })}
                  autoComplete="off"
                  error={fieldError("sendWindow.start")}
                />
                <TextField
                  label={t("settings.timing.end")}
                  type="time"
                  value={window.end}
                  onChange={(end) => set("sendWindow", { ...window, end })}
                  autoComplete="off"
                  error={fieldError("sendWindow.end")}
                />
              </InlineStack>
              <ChoiceList
                title={t("settings.timing.days")}
                allowMultiple
                choices={weekdays(locale)}
                selected={window.days.map(String)}
                onChange={(days) => set("sendWindow", { ...window, days: days.map(Number).sort() })}
                error={fieldError("sendWindow.days") ?? fieldError("sendWindow.days.0")}
              />
            </BlockStack>
          )}
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              {t("settings.timing.countriesTitle")}
            </Text>
            <Text as="p" tone="subdued">
              {t("settings.timing.countriesHelp", { days: form.delayDays })}
            </Text>
            {delays.map((row, i) => (
              <InlineStack key={i} gap="300" blockAlign="end" wrap={false}>
                <TextField
                  label={t("settings.timing.country")}
                  value={row.country}
                  maxLength={2}
                  onChange={(country) => set("countryDelays", delays.map((r, j) => (j === i ? { ...r, country: country.toUpperCase() } : r)))}
                  autoComplete="off"
                  error={fieldError(`countryDelays.${i}.country`) ?? (i === 0 ? fieldError("countryDelays") : undefined)}
                />
                <TextField
                  label={t("settings.timing.countryDelay")}
                  type="number"
                  min={0}
                  max={90}
                  value={row.delayDays}
                  suffix={t("settings.days")}
                  onChange={(delayDays) => set("countryDelays", delays.map((r, j) => (j === i ? { ...r, delayDays } : r)))}
                  autoComplete="off"
                  error={fieldError(`countryDelays.${i}.delayDays`)}
                />
                <Button
                  onClick={() => set("countryDelays", delays.filter((_, j) => j !== i))}
                  accessibilityLabel={t("settings.timing.removeCountry", { country: row.country || String(i + 1) })}
                >
                  {t("settings.timing.remove")}
                </Button>
              </InlineStack>
            ))}
            <InlineStack>
              <Button onClick={() => set("countryDelays", [...delays, { country: "", delayDays: form.delayDays }])}>{t("settings.timing.addCountry")}</Button>
            </InlineStack>
          </BlockStack>
          <EffectiveTiming form={form} />
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}

/** The sentence under the section: what the unsaved values do to an evening order. */
function EffectiveTiming({ form }: { form: SectionProps["form"] }) {
  const { t, locale } = useI18n();
  const input = useMemo(
    () => ({
      delayDays: Number(form.delayDays),
      timezone: form.timezone,
      sendWindow: timingValue("sendWindow", form.sendWindow),
      countryDelays: timingValue("countryDelays", form.countryDelays),
    }),
    [form.delayDays, form.timezone, form.sendWindow, form.countryDelays],
  );
  const [debounced, setDebounced] = useState(input);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(input), 400);
    return () => clearTimeout(timer);
  }, [input]);
  const preview = useQuery(["/api/settings/schedule-preview", debounced], (a) => a.post<SchedulePreview>("/api/settings/schedule-preview", debounced), {
    keepPrevious: true,
  });
  if (!preview.data) return null;
  const when = (iso: string) =>
    new Intl.DateTimeFormat(locale, { timeZone: preview.data!.timezone, weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
  return (
    <div data-testid="timing-effect" aria-live="polite">
      <BlockStack gap="100">
        {preview.data.examples.map((e) => (
          <Text as="p" key={e.country ?? "default"}>
            {e.country
              ? t("settings.timing.effectCountry", { country: e.country, sendAt: when(e.sendAt) })
              : t(`settings.timing.effect.${form.trigger}`, { at: when(e.triggeredAt), sendAt: when(e.sendAt), timezone: preview.data!.timezone })}
          </Text>
        ))}
      </BlockStack>
    </div>
  );
}
