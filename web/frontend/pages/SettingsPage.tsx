/**
 * Settings: when invitations are created (with the recommendation to use fulfillment, R4),
 * the email (Liquid subject and body, previewed by the backend with sample data), the
 * automated-message notice, sender, review link, and pause (R5). Changes are kept in the
 * form until saved; the save bar guards against leaving with unsaved changes.
 */
import {
  Banner,
  BlockStack,
  Box,
  Card,
  Checkbox,
  ChoiceList,
  InlineStack,
  Layout,
  List,
  Page,
  Select,
  SkeletonBodyText,
  Spinner,
  Text,
  TextField,
} from "@shopify/polaris";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ApiError } from "../api/client.ts";
import type { Preview, Settings } from "../api/types.ts";
import { ErrorBanner } from "../components/ErrorBanner.tsx";
import { labelOr } from "../components/EventTimeline.tsx";
import { SaveBar } from "../components/SaveBar.tsx";
import { useApi, useQuery } from "../hooks/api.tsx";
import { loadSettings, SETTINGS_KEY } from "../hooks/shop.tsx";
import { useToast } from "../hooks/toast.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import { AudienceSection } from "./settings/AudienceSection.tsx";
import { ResumePaceField } from "./settings/ResumePaceField.tsx";
import type { SectionProps } from "./settings/section-props.ts";
import { SendTimingSection } from "./settings/SendTimingSection.tsx";
import { isTimingKey, timingValue, toTimingForm, type TimingForm, type TimingKey } from "./settings/timing-form.ts";

const TEXT_FIELDS = ["emailSubject", "emailBody", "noticeText", "senderName", "replyTo", "reviewUrl"] as const;
type TextField = (typeof TEXT_FIELDS)[number];

/** The form holds what the merchant typed: numbers stay text until saved, "" means the default. */
export type SettingsForm = Omit<Settings, "delayDays" | "deliveredFallbackDays" | "retentionDays" | TextField | TimingKey> & {
  [K in TextField | "delayDays" | "deliveredFallbackDays" | "retentionDays"]: string;
} & TimingForm;

const NUMBER_FIELDS = ["delayDays", "deliveredFallbackDays", "retentionDays"] as const;

export function toForm(settings: Settings): SettingsForm {
  return {
    ...settings,
    emailSubject: settings.emailSubject ?? "",
    emailBody: settings.emailBody ?? "",
    noticeText: settings.noticeText ?? "",
    senderName: settings.senderName ?? "",
    replyTo: settings.replyTo ?? "",
    reviewUrl: settings.reviewUrl ?? "",
    delayDays: String(settings.delayDays),
    deliveredFallbackDays: String(settings.deliveredFallbackDays),
    retentionDays: String(settings.retentionDays),
    ...toTimingForm(settings),
  };
}

/** Only what changed is sent; a number the merchant typed badly is sent as typed so the API names the field. */
export function changedFields(saved: SettingsForm, form: SettingsForm): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(form) as Array<keyof SettingsForm>) {
    // The timing fields are objects: equal content is no change.
    if (form[key] === saved[key] || JSON.stringify(form[key]) === JSON.stringify(saved[key])) continue;
    const value = form[key];
    if (isTimingKey(key)) {
      patch[key] = timingValue(key, form[key]);
    } else if ((NUMBER_FIELDS as readonly string[]).includes(key)) {
      const n = Number(value);
      patch[key] = value !== "" && Number.isFinite(n) ? n : value;
    } else if ((TEXT_FIELDS as readonly string[]).includes(key)) {
      patch[key] = typeof value === "string" && value.trim() === "" ? null : value;
    } else {
      patch[key] = value;
    }
  }
  return patch;
}

function timeZones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return all.includes(current) ? all : [current, ...all];
}

export function SettingsPage() {
  const { t } = useI18n();
  const api = useApi();
  const toast = useToast();
  const loaded = useQuery(SETTINGS_KEY, loadSettings);
  const [saved, setSaved] = useState<SettingsForm | null>(null);
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ApiError | null>(null);

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

  /** The API names each field it refused (details.problems); the message goes under that field. */
  const fieldError = (name: keyof SettingsForm): string | undefined => {
    if (!saveError) return undefined;
    const problems = Array.isArray(saveError.details.problems) ? (saveError.details.problems as Array<{ field?: string; message?: string }>) : [];
    const problem = problems.find((p) => p.field === name);
    if (problem?.message) return problem.message;
    return saveError.details.field === name ? saveError.message : undefined;
  };

  // The issue-17 sections see their slice of the form and nested field names ("sendWindow.start").
  const sectionProps = { set: set as unknown as SectionProps["set"], fieldError: fieldError as SectionProps["fieldError"] };

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

            <SendTimingSection form={form} {...sectionProps} />
            <AudienceSection form={form} {...sectionProps} />

            <Layout.AnnotatedSection id="sending" title={t("settings.sending.title")} description={t("settings.sending.description")}>
              <Card>
                <BlockStack gap="400">
                  <Checkbox
                    label={t("settings.paused.label")}
                    helpText={t("settings.paused.help")}
                    checked={form.paused}
                    onChange={(v) => set("paused", v)}
                  />
                  <ResumePaceField form={form} {...sectionProps} />
                </BlockStack>
              </Card>
            </Layout.AnnotatedSection>

            <Layout.AnnotatedSection id="email" title={t("settings.email.title")} description={t("settings.email.description")}>
              <BlockStack gap="400">
                <Card>
                  <BlockStack gap="400">
                    <TextField
                      label={t("settings.emailSubject.label")}
                      value={form.emailSubject}
                      onChange={(v) => set("emailSubject", v)}
                      helpText={t("settings.emailSubject.help")}
                      autoComplete="off"
                      error={fieldError("emailSubject")}
                    />
                    <TextField
                      label={t("settings.emailBody.label")}
                      value={form.emailBody}
                      onChange={(v) => set("emailBody", v)}
                      multiline={8}
                      monospaced
                      helpText={t("settings.emailBody.help")}
                      autoComplete="off"
                      error={fieldError("emailBody")}
                    />
                  </BlockStack>
                </Card>
                <div id="notice">
                  <Card>
                    <BlockStack gap="300">
                      <Text as="h3" variant="headingSm">
                        {t("settings.notice.title")}
                      </Text>
                      <Text as="p" tone="subdued">
                        {t("settings.notice.description")}
                      </Text>
                      <Checkbox label={t("settings.noticeEnabled.label")} checked={form.noticeEnabled} onChange={(v) => set("noticeEnabled", v)} />
                      <TextField
                        label={t("settings.noticeText.label")}
                        value={form.noticeText}
                        onChange={(v) => set("noticeText", v)}
                        multiline={3}
                        disabled={!form.noticeEnabled}
                        helpText={t("settings.noticeText.help")}
                        autoComplete="off"
                        error={fieldError("noticeText")}
                      />
                    </BlockStack>
                  </Card>
                </div>
                <EmailPreview form={form} />
              </BlockStack>
            </Layout.AnnotatedSection>

            <Layout.AnnotatedSection id="sender" title={t("settings.sender.title")} description={t("settings.sender.description")}>
              <Card>
                <BlockStack gap="400">
                  <TextField
                    label={t("settings.senderName.label")}
                    value={form.senderName}
                    onChange={(v) => set("senderName", v)}
                    autoComplete="organization"
                    error={fieldError("senderName")}
                  />
                  <TextField
                    label={t("settings.replyTo.label")}
                    type="email"
                    value={form.replyTo}
                    onChange={(v) => set("replyTo", v)}
                    helpText={t("settings.replyTo.help")}
                    autoComplete="email"
                    error={fieldError("replyTo")}
                  />
                  <TextField
                    label={t("settings.reviewUrl.label")}
                    type="url"
                    value={form.reviewUrl}
                    onChange={(v) => set("reviewUrl", v)}
                    helpText={t("settings.reviewUrl.help")}
                    autoComplete="url"
                    error={fieldError("reviewUrl")}
                  />
                </BlockStack>
              </Card>
            </Layout.AnnotatedSection>

            <Layout.AnnotatedSection id="shop" title={t("settings.shop.title")} description={t("settings.shop.description")}>
              <Card>
                <BlockStack gap="400">
                  <Select
                    label={t("settings.timezone.label")}
                    options={timeZones(form.timezone)}
                    value={form.timezone}
                    onChange={(v) => set("timezone", v)}
                    helpText={t("settings.timezone.help")}
                    error={fieldError("timezone")}
                  />
                  <TextField
                    label={t("settings.retentionDays.label")}
                    type="number"
                    min={30}
                    value={form.retentionDays}
                    onChange={(v) => set("retentionDays", v)}
                    helpText={t("settings.retentionDays.help")}
                    suffix={t("settings.days")}
                    autoComplete="off"
                    error={fieldError("retentionDays")}
                  />
                </BlockStack>
              </Card>
            </Layout.AnnotatedSection>
          </Layout>
        </BlockStack>
      </form>
    </Page>
  );
}

/** The email as a customer would get it, rendered by the backend's own template code. */
function EmailPreview({ form }: { form: SettingsForm }) {
  const { t } = useI18n();
  const api = useApi();
  const orNull = (v: string) => (v.trim() === "" ? null : v);
  const input = useMemo(
    () => ({
      emailSubject: orNull(form.emailSubject),
      emailBody: orNull(form.emailBody),
      noticeEnabled: form.noticeEnabled,
      noticeText: orNull(form.noticeText),
      senderName: orNull(form.senderName),
      replyTo: orNull(form.replyTo),
      reviewUrl: orNull(form.reviewUrl),
    }),
    [form.emailSubject, form.emailBody, form.noticeEnabled, form.noticeText, form.senderName, form.replyTo, form.reviewUrl],
  );
  const [debounced, setDebounced] = useState(input);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(input), 400);
    return () => clearTimeout(timer);
  }, [input]);
  // A read, though a POST (the draft travels in the body): through the raw client, so it refreshes nothing.
  const preview = useQuery(["/api/settings/preview", debounced], (a) => a.post<Preview>("/api/settings/preview", debounced), {
    keepPrevious: true,
  });

  return (
    <Card>
      <section aria-labelledby="preview-heading" aria-busy={preview.loading}>
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h3" variant="headingSm" id="preview-heading">
              {t("settings.preview.title")}
            </Text>
            {preview.loading && <Spinner size="small" accessibilityLabel={t("settings.preview.loading")} />}
          </InlineStack>
          {preview.error ? (
            <div role="alert">
              <Banner tone="warning" title={t("settings.preview.failed")}>
                <p>{preview.error.message}</p>
              </Banner>
            </div>
          ) : preview.data ? (
            <BlockStack gap="200">
              {preview.data.errors && preview.data.errors.length > 0 && (
                <div role="alert">
                  <Banner tone="warning" title={t("settings.preview.templateProblems")}>
                    <List type="bullet">
                      {preview.data.errors.map((e) => (
                        <List.Item key={`${e.field}-${e.message}`}>
                          {labelOr(t, `settings.${e.field}.label`, e.field)}: {e.message}
                        </List.Item>
                      ))}
                    </List>
                  </Banner>
                </div>
              )}
              <Text as="p">
                <Text as="span" tone="subdued">
                  {t("settings.preview.subject")}{" "}
                </Text>
                <span data-testid="preview-subject">{preview.data.subject}</span>
              </Text>
              {preview.data.from && (preview.data.from.name || preview.data.from.replyTo) && (
                <Text as="p" tone="subdued">
                  {[
                    preview.data.from.name && t("settings.preview.from", { name: preview.data.from.name }),
                    preview.data.from.replyTo && t("settings.preview.replyTo", { email: preview.data.from.replyTo }),
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </Text>
              )}
              <Box borderWidth="025" borderColor="border" borderRadius="200" overflowX="hidden" overflowY="hidden">
                {preview.data.html ? (
                  <PreviewFrame title={t("settings.preview.frameTitle")} html={preview.data.html} />
                ) : (
                  <Box padding="300">
                    <pre style={{ whiteSpace: "pre-wrap", margin: 0 }} data-testid="preview-text">
                      {preview.data.text}
                    </pre>
                  </Box>
                )}
              </Box>
            </BlockStack>
          ) : (
            <SkeletonBodyText lines={6} />
          )}
        </BlockStack>
      </section>
    </Card>
  );
}

/**
 * The email's HTML in a frame as tall as its content, re-measured when the frame's width
 * changes (a narrow screen wraps the text into more lines). The sandbox allows no scripts at
 * all; it keeps the frame same-origin only so the page can read the content's height.
 */
function PreviewFrame({ title, html }: { title: string; html: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(320);
  const measure = useCallback(() => {
    const doc = frame.current?.contentDocument;
    if (doc?.documentElement) setHeight(Math.max(120, Math.ceil(doc.documentElement.scrollHeight)));
  }, []);
  useEffect(() => {
    const element = frame.current;
    if (!element || typeof ResizeObserver === "undefined") return;
    let width = element.clientWidth;
    const observer = new ResizeObserver(() => {
      if (element.clientWidth === width) return; // only width changes re-flow the email
      width = element.clientWidth;
      measure();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [measure]);
  return (
    <iframe
      ref={frame}
      title={title}
      sandbox="allow-same-origin"
      srcDoc={html}
      onLoad={measure}
      style={{ width: "100%", height, border: 0, display: "block", background: "#fff" }}
    />
  );
}
