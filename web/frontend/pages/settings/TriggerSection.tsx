/** When an invitation is created, with the recommendation to wait for fulfillment (R4), and after how many days. */
import { Banner, BlockStack, Card, Checkbox, ChoiceList, InlineStack, Layout, TextField } from "@shopify/polaris";
import type { Settings } from "../../api/types.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import type { SectionProps } from "./form-model.ts";

export function TriggerSection({ form, set, fieldError }: SectionProps) {
  const { t } = useI18n();
  return (
    <Layout.AnnotatedSection id="trigger" title={t("settings.trigger.title")} description={t("settings.trigger.description")}>
      <Card>
        <BlockStack gap="400">
          <ChoiceList
            title={t("settings.trigger.label")}
            choices={[
              { label: t("settings.trigger.order_fulfilled"), value: "order_fulfilled", helpText: t("settings.trigger.order_fulfilledHelp") },
              { label: t("settings.trigger.order_delivered"), value: "order_delivered", helpText: t("settings.trigger.order_deliveredHelp") },
              { label: t("settings.trigger.order_created"), value: "order_created", helpText: t("settings.trigger.order_createdHelp") },
            ]}
            selected={[form.trigger]}
            onChange={([value]) => value && set("trigger", value as Settings["trigger"])}
            error={fieldError("trigger")}
          />
          {form.trigger !== "order_fulfilled" && (
            <Banner tone="info" title={t("settings.trigger.recommendTitle")}>
              <p>{t("settings.trigger.recommend")}</p>
            </Banner>
          )}
          <InlineStack gap="400" wrap>
            <TextField
              label={t("settings.delayDays.label")}
              type="number"
              min={0}
              max={90}
              value={form.delayDays}
              onChange={(v) => set("delayDays", v)}
              helpText={t("settings.delayDays.help")}
              suffix={t("settings.days")}
              autoComplete="off"
              error={fieldError("delayDays")}
            />
            {form.trigger === "order_delivered" && (
              <TextField
                label={t("settings.deliveredFallbackDays.label")}
                type="number"
                min={1}
                max={90}
                value={form.deliveredFallbackDays}
                onChange={(v) => set("deliveredFallbackDays", v)}
                helpText={t("settings.deliveredFallbackDays.help")}
                suffix={t("settings.days")}
                autoComplete="off"
                error={fieldError("deliveredFallbackDays")}
              />
            )}
          </InlineStack>
          <Checkbox
            label={t("settings.inviteTestOrders.label")}
            helpText={t("settings.inviteTestOrders.help")}
            checked={form.inviteTestOrders}
            onChange={(v) => set("inviteTestOrders", v)}
          />
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}
