/**
 * The email: the Liquid subject and body, the automated-message notice (R4, reached from the
 * guidance banner as #notice), and the preview rendered by the backend's own template code.
 */
import { BlockStack, Card, Checkbox, Layout, Text, TextField } from "@shopify/polaris";
import { useI18n } from "../../i18n/i18n.tsx";
import { EmailPreview } from "./EmailPreview.tsx";
import { LanguagePicker } from "./LanguagePicker.tsx";
import type { SectionProps } from "./form-model.ts";

export function TemplateSection({ form, set, fieldError, language }: SectionProps & { language: { value: string; onChange: (locale: string) => void } }) {
  const { t } = useI18n();
  return (
    <Layout.AnnotatedSection id="email" title={t("settings.email.title")} description={t("settings.email.description")}>
      <BlockStack gap="400">
        <Card>
          <BlockStack gap="400">
            <LanguagePicker id="email-language" form={form} {...language} />
            <TextField
              label={t("settings.emailSubject.label")}
              value={form.emailSubject}
              onChange={(v) => set("emailSubject", v)}
              helpText={t("settings.emailSubject.help")}
              autoComplete="off"
              error={fieldError("emailSubject")}
            />
            <TextField
              label={t("settings.emailBody.label")}
              value={form.emailBody}
              onChange={(v) => set("emailBody", v)}
              multiline={8}
              monospaced
              helpText={t("settings.emailBody.help")}
              autoComplete="off"
              error={fieldError("emailBody")}
            />
          </BlockStack>
        </Card>
        <div id="notice">
          <Card>
            <BlockStack gap="300">
              <Text as="h3" variant="headingSm">
                {t("settings.notice.title")}
              </Text>
              <Text as="p" tone="subdued">
                {t("settings.notice.description")}
              </Text>
              <Checkbox label={t("settings.noticeEnabled.label")} checked={form.noticeEnabled} onChange={(v) => set("noticeEnabled", v)} />
              <TextField
                label={t("settings.noticeText.label")}
                value={form.noticeText}
                onChange={(v) => set("noticeText", v)}
                multiline={3}
                disabled={!form.noticeEnabled}
                helpText={t("settings.noticeText.help")}
                autoComplete="off"
                error={fieldError("noticeText")}
              />
            </BlockStack>
          </Card>
        </div>
        <EmailPreview form={form} locale={language.value} />
      </BlockStack>
    </Layout.AnnotatedSection>
  );
}
