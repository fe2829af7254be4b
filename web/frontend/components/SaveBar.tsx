/**
 * The unsaved-changes bar. Inside the admin it is App Bridge's save bar (it also asks the
 * merchant before leaving the page); in the demo page App Bridge's SaveBar would crash,
 * so Polaris' ContextualSaveBar takes its place, with the router's leave guard.
 */
import { SaveBar as AppBridgeSaveBar } from "@shopify/app-bridge-react";
import { ContextualSaveBar } from "@shopify/polaris";
import { useI18n } from "../i18n/i18n.tsx";
import { isEmbedded } from "../lib/platform.ts";
import { useUnsavedChangesGuard } from "../lib/router.tsx";

export interface SaveBarProps {
  dirty: boolean;
  saving: boolean;
  onSave(): void;
  onDiscard(): void;
}

export function SaveBar({ dirty, saving, onSave, onDiscard }: SaveBarProps) {
  const { t } = useI18n();
  useUnsavedChangesGuard(dirty, t("saveBar.leave"));
  if (isEmbedded()) {
    return (
      <AppBridgeSaveBar id="settings-save-bar" open={dirty}>
        <button variant="primary" onClick={onSave} loading={saving ? "" : undefined} />
        <button onClick={onDiscard} disabled={saving} />
      </AppBridgeSaveBar>
    );
  }
  if (!dirty) return null;
  return (
    <ContextualSaveBar
      message={t("saveBar.message")}
      saveAction={{ content: t("saveBar.save"), onAction: onSave, loading: saving }}
      discardAction={{ content: t("saveBar.discard"), onAction: onDiscard, disabled: saving }}
    />
  );
}
