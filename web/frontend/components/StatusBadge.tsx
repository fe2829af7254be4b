import { Badge } from "@shopify/polaris";
import type { InvitationStatus } from "../api/types.ts";
import { statusLabelKey } from "../../shared/domain.ts";
import { useI18n } from "../i18n/i18n.tsx";

type Tone = "info" | "success" | "critical" | "attention" | undefined;

const TONES: Record<InvitationStatus, Tone> = {
  queued: "attention",
  sending: "info",
  sent: "success",
  failed: "critical",
  canceled: undefined,
  bounced: "critical",
};

export function StatusBadge({ status }: { status: InvitationStatus }) {
  const { t } = useI18n();
  return <Badge tone={TONES[status]}>{t(statusLabelKey(status))}</Badge>;
}
