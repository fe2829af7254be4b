/** The shop's time zone (every date the app shows and takes) and how long history is kept. */
import { BlockStack, Card, Layout, Select, TextField } from "@shopify/polaris";
import { useI18n } from "../../i18n/i18n.tsx";
import type { SectionProps } from "./form-model.ts";
import { emailLanguages, useLanguageName } from "./LanguagePicker.tsx";

/** Every zone the browser knows, with the shop's own first if the browser doesn't know it. */
function timeZones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return all.includes(current) ? all : [current, ...all];
}

export function ShopSection({ form, set, fieldError, onPrimaryLocale }: SectionProps & { onPrimaryLocale: (locale: string) => void }) {
  const { t } = useI18n();
  const name = useLanguageName();
  return (
    <Layout.AnnotatedSection id="shop" title={t("settings.shop.title")} description={t("settings.shop.description")}>
      <Card>
        <BlockStack gap="400">
          <Select
            label={t("settings.timezone.label")}
            options={timeZones(form.timezone)}
            value={form.timezone}
            onChange={(v) => set("timezone", v)}
            helpText={t("settings.timezone.help")}
            error={fieldError("timezone")}
          />
          <Select
            label={t("settings.primaryLocale.label")}
            options={emailLanguages(form).map((l) => ({ value: l, label: name(l) }))}
            value={form.primaryLocale}
            onChange={onPrimaryLocale}
            helpText={t("settings.primaryLocale.help")}
            error={fieldError("primaryLocale")}
          />
          <TextField
            label={t("settings.retentionDays.label")}
            type="number"
            min={30}
            value={form.retentionDays}
            onChange={(v) => set("retentionDays", v)}
            helpText={t("settings.retentionDays.help")}
            suffix={t("settings.days")}
            autoComplete="off"
            error={fieldError("retentionDays")}
          />
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}
