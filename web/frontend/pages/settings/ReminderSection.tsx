/** Settings → Reminder (issue 18): on/off, after how many days, its own subject and body. */
import { BlockStack, Card, Checkbox, Layout, TextField } from "@shopify/polaris";
import { useI18n } from "../../i18n/i18n.tsx";
import type { ReminderForm } from "./reminder-form.ts";

export function ReminderSection({
  value,
  onChange,
  error,
}: {
  value: ReminderForm;
  onChange: (next: ReminderForm) => void;
  /** The API's message for a field ("reminder.afterDays"), if it refused one. */
  error: (field: string) => string | undefined;
}) {
  const { t } = useI18n();
  const set = <K extends keyof ReminderForm>(key: K, v: ReminderForm[K]) => onChange({ ...value, [key]: v });
  return (
    <Layout.AnnotatedSection id="reminder" title={t("settings.reminder.title")} description={t("settings.reminder.description")}>
      <Card>
        <BlockStack gap="400">
          <Checkbox
            label={t("settings.reminder.enabled")}
            helpText={t("settings.reminder.enabledHelp")}
            checked={value.enabled}
            onChange={(v) => set("enabled", v)}
          />
          <TextField
            label={t("settings.reminder.afterDays")}
            type="number"
            min={1}
            max={60}
            value={value.afterDays}
            onChange={(v) => set("afterDays", v)}
            helpText={t("settings.reminder.afterDaysHelp")}
            suffix={t("settings.days")}
            autoComplete="off"
            disabled={!value.enabled}
            error={error("reminder.afterDays")}
          />
          <TextField
            label={t("settings.reminder.subject")}
            value={value.subject}
            onChange={(v) => set("subject", v)}
            helpText={t("settings.reminder.subjectHelp")}
            autoComplete="off"
            error={error("reminder.subject")}
          />
          <TextField
            label={t("settings.reminder.body")}
            value={value.body}
            onChange={(v) => set("body", v)}
            multiline={6}
            monospaced
            helpText={t("settings.reminder.bodyHelp")}
            autoComplete="off"
            error={error("reminder.body")}
          />
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}
