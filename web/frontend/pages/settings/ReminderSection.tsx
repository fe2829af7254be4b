/**
 * Settings → Reminder (issue 18): on/off, after how many days, its own subject and body, and
 * a preview of the reminder as the form holds it (rendered by the backend's template code,
 * shown as its plain-text part: the words, the links and the notice, readable anywhere).
 */
import { Banner, BlockStack, Box, Card, Checkbox, Layout, List, SkeletonBodyText, Text, TextField } from "@shopify/polaris";
import { useMemo } from "react";
import { useI18n } from "../../i18n/i18n.tsx";
import type { SettingsForm } from "./form-model.ts";
import { LanguagePicker } from "./LanguagePicker.tsx";
import type { ReminderForm } from "./reminder-form.ts";
import type { TestEmailDraftForm } from "./TestEmailSection.tsx";
import { useDebouncedPreview } from "./useEmailPreview.ts";

const orNull = (v: string) => (v.trim() === "" ? null : v);

export function ReminderSection({
  form,
  onChange,
  error,
  language,
}: {
  form: TestEmailDraftForm & Pick<SettingsForm, "primaryLocale" | "translations">;
  /** The language being edited, the same as the invitation's (LanguagePicker). */
  language: { value: string; onChange: (locale: string) => void };
  onChange: (next: ReminderForm) => void;
  /** The API's message for a field ("reminder.afterDays"), if it refused one. */
  error: (field: string) => string | undefined;
}) {
  const { t } = useI18n();
  const value = form.reminder;
  const set = <K extends keyof ReminderForm>(key: K, v: ReminderForm[K]) => onChange({ ...value, [key]: v });
  return (
    <Layout.AnnotatedSection id="reminder" title={t("settings.reminder.title")} description={t("settings.reminder.description")}>
      <BlockStack gap="400">
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
            <LanguagePicker id="reminder-language" form={form as SettingsForm} {...language} />
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
        <ReminderPreview form={form} locale={language.value} />
      </BlockStack>
    </Layout.AnnotatedSection>
  );
}

function ReminderPreview({ form, locale }: { form: TestEmailDraftForm; locale: string }) {
  const { t } = useI18n();
  const input = useMemo(
    () => ({
      locale,
      noticeEnabled: form.noticeEnabled,
      noticeText: orNull(form.noticeText),
      reviewUrl: orNull(form.reviewUrl),
      reminder: { subject: orNull(form.reminder.subject), body: orNull(form.reminder.body) },
    }),
    [locale, form.noticeEnabled, form.noticeText, form.reviewUrl, form.reminder.subject, form.reminder.body],
  );
  const preview = useDebouncedPreview("/api/settings/reminder-preview", input);
  return (
    <Card>
      <section aria-labelledby="reminder-preview-heading" aria-busy={preview.loading}>
        <BlockStack gap="300">
          <Text as="h3" variant="headingSm" id="reminder-preview-heading">
            {t("settings.reminder.preview")}
          </Text>
          {preview.error ? (
            <div role="alert">
              <Banner tone="warning" title={t("settings.preview.failed")}>
                <p>{preview.error.message}</p>
              </Banner>
            </div>
          ) : preview.data ? (
            <BlockStack gap="200">
              {preview.data.errors && preview.data.errors.length > 0 && (
                <div role="alert">
                  <Banner tone="warning" title={t("settings.preview.templateProblems")}>
                    <List type="bullet">
                      {preview.data.errors.map((e) => (
                        <List.Item key={`${e.field}-${e.message}`}>{e.message}</List.Item>
                      ))}
                    </List>
                  </Banner>
                </div>
              )}
              <Text as="p">
                <Text as="span" tone="subdued">
                  {t("settings.preview.subject")}{" "}
                </Text>
                <span data-testid="reminder-preview-subject">{preview.data.subject}</span>
              </Text>
              <Box padding="300" borderWidth="025" borderColor="border" borderRadius="200">
                <pre style={{ whiteSpace: "pre-wrap", margin: 0, fontFamily: "inherit" }} data-testid="reminder-preview-text">
                  {preview.data.text}
                </pre>
              </Box>
            </BlockStack>
          ) : (
            <SkeletonBodyText lines={6} />
          )}
        </BlockStack>
      </section>
    </Card>
  );
}
