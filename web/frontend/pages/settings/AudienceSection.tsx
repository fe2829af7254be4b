/**
 * Settings → "Who is invited" (issue 17): exclusion rules applied to every order at intake
 * and the frequency cap. Each rule applies to all orders alike (R3); a skipped order shows on
 * the home page with the rule that skipped it.
 */
import { BlockStack, Card, Checkbox, InlineStack, Layout, Text, TextField } from "@shopify/polaris";
import type { Channel } from "../../api/types.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import type { SectionProps } from "./section-props.ts";

const CHANNELS: Channel[] = ["pos", "draft", "b2b"];
const LIST_FIELDS = ["orderTags", "customerTags", "productIds", "vendors"] as const;

export function AudienceSection({ form, set, fieldError }: SectionProps) {
  const { t } = useI18n();
  const e = form.exclusions;
  const setE = (patch: Partial<typeof e>) => set("exclusions", { ...e, ...patch });
  const cap = Number(form.frequencyCapDays);
  return (
    <Layout.AnnotatedSection id="audience" title={t("settings.audience.title")} description={t("settings.audience.description")}>
      <Card>
        <BlockStack gap="400">
          <Text as="h3" variant="headingSm">
            {t("settings.audience.channelsTitle")}
          </Text>
          <InlineStack gap="400" wrap>
            {CHANNELS.map((channel) => (
              <Checkbox
                key={channel}
                label={t(`settings.audience.channel.${channel}`)}
                checked={e.channels.includes(channel)}
                onChange={(on) => setE({ channels: on ? [...e.channels, channel] : e.channels.filter((c) => c !== channel) })}
              />
            ))}
          </InlineStack>
          {LIST_FIELDS.map((field) => (
            <TextField
              key={field}
              label={t(`settings.audience.${field}`)}
              value={e[field]}
              onChange={(value) => setE({ [field]: value })}
              helpText={t("settings.audience.listHelp")}
              autoComplete="off"
              error={fieldError(`exclusions.${field}`) ?? fieldError(`exclusions.${field}.0`)}
            />
          ))}
          <TextField
            label={t("settings.audience.minOrderTotal")}
            type="number"
            min={0}
            value={e.minOrderTotal}
            onChange={(minOrderTotal) => setE({ minOrderTotal })}
            helpText={t("settings.audience.minOrderTotalHelp")}
            autoComplete="off"
            error={fieldError("exclusions.minOrderTotal")}
          />
          <Checkbox
            label={t("settings.audience.consent")}
            helpText={t("settings.audience.consentHelp")}
            checked={e.requireMarketingConsent}
            onChange={(requireMarketingConsent) => setE({ requireMarketingConsent })}
          />
          <TextField
            label={t("settings.audience.cap")}
            type="number"
            min={0}
            max={365}
            value={form.frequencyCapDays}
            onChange={(v) => set("frequencyCapDays", v)}
            suffix={t("settings.days")}
            helpText={t("settings.audience.capHelp")}
            autoComplete="off"
            error={fieldError("frequencyCapDays")}
          />
          <div data-testid="audience-effect">
            <Text as="p">
              {Number.isFinite(cap) && cap > 0 ? t("settings.audience.capEffect", { count: cap }) : t("settings.audience.capOff")}
            </Text>
          </div>
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}
