import { Banner } from "@shopify/polaris";
import type { ApiError } from "../api/client.ts";
import { useI18n } from "../i18n/i18n.tsx";

/** A failed load, with the backend's own message and a way to try again. */
export function ErrorBanner({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <Banner tone="critical" title={t("errors.loadFailed")} action={onRetry ? { content: t("errors.retry"), onAction: onRetry } : undefined}>
      <p>{error.message}</p>
    </Banner>
  );
}
