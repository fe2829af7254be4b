/** Who the invitation is from, where replies go, and where "Write a review" leads. */
import { BlockStack, Card, Layout, TextField } from "@shopify/polaris";
import { useI18n } from "../../i18n/i18n.tsx";
import type { SectionProps } from "./form-model.ts";

export function SenderSection({ form, set, fieldError }: SectionProps) {
  const { t } = useI18n();
  return (
    <Layout.AnnotatedSection id="sender" title={t("settings.sender.title")} description={t("settings.sender.description")}>
      <Card>
        <BlockStack gap="400">
          <TextField
            label={t("settings.senderName.label")}
            value={form.senderName}
            onChange={(v) => set("senderName", v)}
            autoComplete="organization"
            error={fieldError("senderName")}
          />
          <TextField
            label={t("settings.replyTo.label")}
            type="email"
            value={form.replyTo}
            onChange={(v) => set("replyTo", v)}
            helpText={t("settings.replyTo.help")}
            autoComplete="email"
            error={fieldError("replyTo")}
          />
          <TextField
            label={t("settings.reviewUrl.label")}
            type="url"
            value={form.reviewUrl}
            onChange={(v) => set("reviewUrl", v)}
            helpText={t("settings.reviewUrl.help")}
            autoComplete="url"
            error={fieldError("reviewUrl")}
          />
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}
