/**
 * Settings → Send me a test (issue 18): the invitation or the reminder as the form is now,
 * saved or not, with sample data, to the store's email or an address the merchant types.
 * The server marks it as a test, keeps it out of the funnel and allows 10 a day.
 */
import { Banner, BlockStack, Button, Card, InlineStack, Layout, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { ApiError } from "../../api/client.ts";
import type { TestEmailInfo } from "../../api/types.ts";
import { useApi, useQuery } from "../../hooks/api.tsx";
import { useToast } from "../../hooks/toast.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import type { ReminderForm } from "./reminder-form.ts";

/** The form fields a test email renders with. */
export interface TestEmailDraftForm {
  emailSubject: string;
  emailBody: string;
  noticeEnabled: boolean;
  noticeText: string;
  senderName: string;
  replyTo: string;
  reviewUrl: string;
  reminder: ReminderForm;
}

const orNull = (v: string) => (v.trim() === "" ? null : v);

export function TestEmailSection({ form, locale }: { form: TestEmailDraftForm; locale: string }) {
  const { t } = useI18n();
  const api = useApi();
  const toast = useToast();
  const info = useQuery(["/api/settings/test-email"], (a) => a.get<TestEmailInfo>("/api/settings/test-email"));
  const [to, setTo] = useState("");
  const [kind, setKind] = useState<"invitation" | "reminder">("invitation");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  // The store's address fills the field once it is known, unless the merchant typed one.
  useEffect(() => {
    if (info.data?.defaultTo) setTo((current) => current || info.data!.defaultTo!);
  }, [info.data?.defaultTo]);

  async function send() {
    setSending(true);
    setError(null);
    try {
      const result = await api.post<{ to: string }>("/api/settings/test-email", {
        to: to.trim() || undefined,
        kind,
        // The language being edited above (issue 18).
        locale,
        emailSubject: orNull(form.emailSubject),
        emailBody: orNull(form.emailBody),
        noticeEnabled: form.noticeEnabled,
        noticeText: orNull(form.noticeText),
        senderName: orNull(form.senderName),
        replyTo: orNull(form.replyTo),
        reviewUrl: orNull(form.reviewUrl),
        reminder: { subject: orNull(form.reminder.subject), body: orNull(form.reminder.body) },
      });
      toast(t("settings.testEmail.sent", { email: result.to }));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, "unexpected", t("errors.unexpected")));
    } finally {
      setSending(false);
    }
  }

  return (
    <Layout.AnnotatedSection id="test-email" title={t("settings.testEmail.title")} description={t("settings.testEmail.description")}>
      <Card>
        <BlockStack gap="400">
          {error && (
            <div role="alert">
              <Banner tone={error.status === 429 ? "warning" : "critical"} onDismiss={() => setError(null)}>
                <p>{error.message}</p>
              </Banner>
            </div>
          )}
          <InlineStack gap="400" wrap blockAlign="end">
            <div style={{ flex: "1 1 16rem" }}>
              <TextField
                label={t("settings.testEmail.to")}
                type="email"
                value={to}
                onChange={setTo}
                helpText={t("settings.testEmail.toHelp")}
                autoComplete="email"
                error={error?.details.field === "to" ? error.message : undefined}
              />
            </div>
            <Select
              label={t("settings.testEmail.which")}
              options={[
                { label: t("settings.testEmail.invitation"), value: "invitation" },
                { label: t("settings.testEmail.reminder"), value: "reminder" },
              ]}
              value={kind}
              onChange={(v) => setKind(v as "invitation" | "reminder")}
            />
          </InlineStack>
          <InlineStack gap="300" blockAlign="center">
            <Button onClick={send} loading={sending} disabled={info.data?.remaining === 0}>
              {t("settings.testEmail.send")}
            </Button>
            {info.data && (
              <Text as="span" tone="subdued" variant="bodySm">
                {t("settings.testEmail.remaining", { count: info.data.remaining })}
              </Text>
            )}
          </InlineStack>
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}
