/**
 * Settings → Sending: how the overdue backlog goes out when sending resumes after a pause
 * (issue 17), with what that means for 600 overdue invitations.
 */
import { BlockStack, Text, TextField } from "@shopify/polaris";
import { useI18n } from "../../i18n/i18n.tsx";
import type { SectionProps } from "./section-props.ts";

const EXAMPLE_BACKLOG = 600;

export function ResumePaceField({ form, set, fieldError }: SectionProps) {
  const { t } = useI18n();
  const hours = Number(form.resumeOverHours);
  return (
    <BlockStack gap="200">
      <TextField
        label={t("settings.resume.label")}
        type="number"
        min={0}
        max={72}
        value={form.resumeOverHours}
        onChange={(v) => set("resumeOverHours", v)}
        suffix={t("settings.resume.hours")}
        helpText={t("settings.resume.help")}
        autoComplete="off"
        error={fieldError("resumeOverHours")}
      />
      <div data-testid="resume-effect">
        <Text as="p" tone="subdued">
          {Number.isInteger(hours) && hours > 0
            ? t("settings.resume.effect", { count: EXAMPLE_BACKLOG, perHour: Math.ceil(EXAMPLE_BACKLOG / hours), hours })
            : t("settings.resume.atOnce", { count: EXAMPLE_BACKLOG })}
        </Text>
      </div>
    </BlockStack>
  );
}
