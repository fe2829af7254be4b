/**
 * The card that offers "Cancel all pending invitations" (R2: the only way to cancel), on the
 * home page and under the history. Cancelling is always in bulk; no card cancels one.
 */
import { BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import { cancelAllPending, loadQueuedCount } from "../api/bulk-cancel.ts";
import { useApi } from "../hooks/api.tsx";
import { useToast } from "../hooks/toast.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import { CancelAllPending } from "./CancelAllPending.tsx";

export function BulkCancelCard({ title, text }: { title: string; text: string }) {
  const { t } = useI18n();
  const api = useApi();
  const toast = useToast();
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        <Text as="p">{text}</Text>
        <InlineStack>
          <CancelAllPending
            loadQueuedCount={() => loadQueuedCount(api)}
            cancelAll={() => cancelAllPending(api)}
            onDone={(n) => toast(t("cancelAll.done", { count: n }))}
          />
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
