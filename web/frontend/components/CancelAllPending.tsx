/**
 * R2: every queued invitation can be cancelled at once, and that is final. The modal
 * states the number (read fresh when it opens, not from a page loaded minutes ago), that
 * it can't be undone, and how to invite those customers later. Polaris' Modal works
 * both inside the admin and in the demo page.
 */
import { BlockStack, Button, Link, List, Modal, SkeletonBodyText, Text } from "@shopify/polaris";
import { useState } from "react";
import { ApiError } from "../api/client.ts";
import { useI18n } from "../i18n/i18n.tsx";

export interface CancelAllPendingProps {
  /** Reads how many invitations are queued right now. */
  loadQueuedCount(): Promise<number>;
  /** Cancels them; resolves with how many were cancelled. */
  cancelAll(): Promise<number>;
  onDone(canceled: number): void;
}

export function CancelAllPending({ loadQueuedCount, cancelAll, onDone }: CancelAllPendingProps) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [count, setCount] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function openModal() {
    setOpen(true);
    setCount(null);
    setError(null);
    try {
      setCount(await loadQueuedCount());
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : t("errors.unexpected"));
    }
  }

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      const canceled = await cancelAll();
      setOpen(false);
      onDone(canceled);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : t("errors.unexpected"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {/* As the modal's activator, the button gets the focus back when the modal closes (Escape too). */}
      <Modal
        activator={
          <Button tone="critical" variant="secondary" onClick={openModal} id="cancel-all">
            {t("cancelAll.button")}
          </Button>
        }
        activatorWrapper="span"
        open={open}
        onClose={() => !busy && setOpen(false)}
        title={t("cancelAll.title")}
        primaryAction={{
          content: count === null ? t("cancelAll.confirmUnknown") : t("cancelAll.confirm", { count }),
          destructive: true,
          loading: busy,
          disabled: count === null || count === 0,
          onAction: confirm,
        }}
        secondaryActions={[{ content: t("cancelAll.keep"), onAction: () => setOpen(false), disabled: busy }]}
      >
        <Modal.Section>
          <BlockStack gap="300">
            {count === null && !error ? (
              <SkeletonBodyText lines={2} />
            ) : count === 0 ? (
              <Text as="p">{t("cancelAll.none")}</Text>
            ) : count !== null ? (
              <Text as="p" variant="bodyLg" fontWeight="semibold">
                {t("cancelAll.count", { count })}
              </Text>
            ) : null}
            <List type="bullet">
              <List.Item>{t("cancelAll.irreversible")}</List.Item>
              <List.Item>{t("cancelAll.final")}</List.Item>
              <List.Item>{t("cancelAll.sentStay")}</List.Item>
              <List.Item>
                {t("cancelAll.later")} <Link url="/get-reviews">{t("cancelAll.laterLink")}</Link>
              </List.Item>
            </List>
            <Text as="p" tone="subdued">
              {t("cancelAll.considerPause")} <Link url="/help#wrong-data">{t("cancelAll.considerPauseLink")}</Link>
            </Text>
            <div role="alert">
              {error && (
                <Text as="p" tone="critical">
                  {error}
                </Text>
              )}
            </div>
          </BlockStack>
        </Modal.Section>
      </Modal>
    </>
  );
}
