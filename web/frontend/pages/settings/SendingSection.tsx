/** Pause: queued invitations wait, nothing is lost (R5). */
import { BlockStack, Card, Checkbox, Layout } from "@shopify/polaris";
import { useI18n } from "../../i18n/i18n.tsx";
import type { SectionProps } from "./form-model.ts";
import { ResumePaceField } from "./ResumePaceField.tsx";
import type { SectionProps as TimingSectionProps } from "./section-props.ts";

export function SendingSection({ form, set, fieldError }: SectionProps) {
  const { t } = useI18n();
  return (
    <Layout.AnnotatedSection id="sending" title={t("settings.sending.title")} description={t("settings.sending.description")}>
      <Card>
        <BlockStack gap="400">
          <Checkbox label={t("settings.paused.label")} helpText={t("settings.paused.help")} checked={form.paused} onChange={(v) => set("paused", v)} />
          {/* How a resume spreads the overdue invitations (issue 17). */}
          <ResumePaceField form={form} set={set as unknown as TimingSectionProps["set"]} fieldError={fieldError as TimingSectionProps["fieldError"]} />
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}
