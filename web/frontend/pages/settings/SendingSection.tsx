/** Pause: queued invitations wait, nothing is lost (R5). */
import { Card, Checkbox, Layout } from "@shopify/polaris";
import { useI18n } from "../../i18n/i18n.tsx";
import type { SectionProps } from "./form-model.ts";

export function SendingSection({ form, set }: SectionProps) {
  const { t } = useI18n();
  return (
    <Layout.AnnotatedSection id="sending" title={t("settings.sending.title")} description={t("settings.sending.description")}>
      <Card>
        <Checkbox label={t("settings.paused.label")} helpText={t("settings.paused.help")} checked={form.paused} onChange={(v) => set("paused", v)} />
      </Card>
    </Layout.AnnotatedSection>
  );
}
