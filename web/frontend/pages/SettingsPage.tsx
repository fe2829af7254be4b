/**
 * Settings: when invitations are created (with the recommendation to use fulfillment, R4),
 * the email (Liquid subject and body, previewed by the backend with sample data), the
 * automated-message notice, sender, review link, and pause (R5). Changes are kept in the
 * form until saved; the save bar guards against leaving with unsaved changes.
 *
 * This file loads, saves and lays out; each section is its own component in settings/
 * (handed the form, a setter and the field's refusal: settings/form-model.ts), and the
 * preview's debounce and fetch live in settings/useEmailPreview.ts.
 */
import { Banner, BlockStack, Card, Layout, Page, SkeletonBodyText } from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { ApiError } from "../api/client.ts";
import type { Settings } from "../api/types.ts";
import { ErrorBanner } from "../components/ErrorBanner.tsx";
import { SaveBar } from "../components/SaveBar.tsx";
import { useApi, useQuery } from "../hooks/api.tsx";
import { loadSettings, SETTINGS_KEY } from "../hooks/shop.tsx";
import { useToast } from "../hooks/toast.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import { changedFields, fieldErrorOf, toForm, type SectionProps, type SettingsForm } from "./settings/form-model.ts";
import { fieldInLanguage, languageView, setInLanguage, withPrimaryLocale } from "./settings/language-form.ts";
import { SenderSection } from "./settings/SenderSection.tsx";
import { SendingSection } from "./settings/SendingSection.tsx";
import { ShopSection } from "./settings/ShopSection.tsx";
import { TemplateSection } from "./settings/TemplateSection.tsx";
import { TriggerSection } from "./settings/TriggerSection.tsx";
import { AudienceSection } from "./settings/AudienceSection.tsx";
import type { SectionProps as TimingSectionProps } from "./settings/section-props.ts";
import { SendTimingSection } from "./settings/SendTimingSection.tsx";
import { reminderPatch, reminderToForm, type ReminderForm } from "./settings/reminder-form.ts";
import { ReminderSection } from "./settings/ReminderSection.tsx";
import { TestEmailSection } from "./settings/TestEmailSection.tsx";

export function SettingsPage() {
  const { t } = useI18n();
  const api = useApi();
  const toast = useToast();
  const loaded = useQuery(SETTINGS_KEY, loadSettings);
  const [saved, setSaved] = useState<SettingsForm | null>(null);
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  // Issue 18: the language of the email being edited (the shop's until the merchant picks another).
  const [editing, setEditing] = useState<string | null>(null);

  // Fresh settings (first load, focus, another tab's save) replace the form only while the
  // merchant has nothing unsaved in it: typing is never overwritten by a refresh.
  useEffect(() => {
    if (!loaded.data) return;
    const next = toForm(loaded.data);
    setForm((current) => (current === null || saved === null || Object.keys(changedFields(saved, current)).length === 0 ? next : current));
    setSaved(next);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loaded.data]);

  // Scroll to a section named in the URL (#notice from the guidance banner).
  useEffect(() => {
    if (form && window.location.hash) document.getElementById(window.location.hash.slice(1))?.scrollIntoView();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [Boolean(form)]);

  const dirty = useMemo(() => Boolean(saved && form && Object.keys(changedFields(saved, form)).length > 0), [saved, form]);

  function set<K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) {
    setForm((f) => (f ? { ...f, [key]: value } : f));
  }

  async function save() {
    if (!saved || !form) return;
    setSaving(true);
    setSaveError(null);
    try {
      const { settings: result } = await api.put<{ settings: Settings }>("/api/settings", changedFields(saved, form));
      const next = toForm(result);
      setSaved(next);
      setForm(next);
      toast(t("settings.saved"));
    } catch (caught) {
      setSaveError(caught instanceof ApiError ? caught : new ApiError(0, "unexpected", t("errors.unexpected")));
    } finally {
      setSaving(false);
    }
  }

  const fieldError = (name: keyof SettingsForm | `reminder.${string}`) => fieldErrorOf(saveError, name);

  // The issue-17 sections see their slice of the form and nested field names ("sendWindow.start").
  const sectionProps = { set: set as unknown as TimingSectionProps["set"], fieldError: fieldError as TimingSectionProps["fieldError"] };

  if (loaded.error && !form) {
    return (
      <Page title={t("settings.title")}>
        <ErrorBanner error={loaded.error} onRetry={loaded.reload} />
      </Page>
    );
  }
  if (!form) {
    return (
      <Page title={t("settings.title")}>
        <Card>
          <SkeletonBodyText lines={10} />
        </Card>
      </Page>
    );
  }

  const section: SectionProps = { form, set, fieldError };
  // The email's sections edit the chosen language's words (settings/language-form.ts).
  const language = editing && (editing === form.primaryLocale || editing in form.translations) ? editing : form.primaryLocale;
  const view = languageView(form, language);
  const emailSection: SectionProps = {
    form: view,
    set: (key, value) => setForm((f) => (f ? setInLanguage(f, language, key, value) : f)),
    fieldError: (name) => fieldErrorOf(saveError, fieldInLanguage(form, language, name)),
  };
  const picker = { value: language, onChange: setEditing };

  return (
    <Page
      title={t("settings.title")}
      backAction={{ content: t("nav.invitations"), url: "/" }}
      primaryAction={{ content: t("saveBar.save"), onAction: save, loading: saving, disabled: !dirty }}
    >
      <SaveBar dirty={dirty} saving={saving} onSave={save} onDiscard={() => saved && setForm(saved)} />
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <BlockStack gap="500">
          {saveError && (
            <Banner tone="critical" title={t("settings.saveFailed")} onDismiss={() => setSaveError(null)}>
              <p>{saveError.message}</p>
            </Banner>
          )}
          <Layout>
            <TriggerSection {...section} />
            <SendTimingSection form={form} {...sectionProps} />
            <AudienceSection form={form} {...sectionProps} />
            <SendingSection {...section} />
            <TemplateSection {...emailSection} language={picker} />
            <ReminderSection form={view} onChange={(r) => emailSection.set("reminder", r)} error={(f) => emailSection.fieldError(f as keyof SettingsForm)} language={picker} />
            <TestEmailSection form={view} locale={language} />
            <SenderSection {...section} />
            <ShopSection {...section} onPrimaryLocale={(next) => setForm((f) => (f ? withPrimaryLocale(f, next) : f))} />
          </Layout>
        </BlockStack>
      </form>
    </Page>
  );
}
