/**
 * R3: one invitation can't be cancelled. This sits where a merchant would look for a
 * "cancel" control and says why, with the alternatives one click away.
 */
import { Link, List, Text } from "@shopify/polaris";
import { useI18n } from "../i18n/i18n.tsx";
import { SectionCard } from "./SectionCard.tsx";

export function NoSingleCancelNote({ queued }: { queued: boolean }) {
  const { t } = useI18n();
  return (
    <SectionCard headingId="no-single-cancel-heading" title={t("noSingleCancel.title")} gap="200" background="bg-surface-secondary">
      <Text as="p" variant="bodyMd">
        {t("noSingleCancel.why")}
      </Text>
      <List type="bullet">
        {queued && <List.Item>{t("noSingleCancel.reschedule")}</List.Item>}
        <List.Item>
          <Link url="/settings#notice">{t("noSingleCancel.notice")}</Link>
        </List.Item>
        <List.Item>
          <Link url="/history#cancel-all">{t("noSingleCancel.cancelAll")}</Link>
        </List.Item>
        <List.Item>
          <Link url="/help#no-single-cancel">{t("noSingleCancel.learnMore")}</Link>
        </List.Item>
      </List>
    </SectionCard>
  );
}
