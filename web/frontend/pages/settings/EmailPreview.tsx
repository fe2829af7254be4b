/** The email as a customer would get it: what useEmailPreview returns, laid out. */
import { Banner, BlockStack, Box, Card, InlineStack, List, SkeletonBodyText, Spinner, Text } from "@shopify/polaris";
import { useCallback, useEffect, useRef, useState } from "react";
import { labelOr } from "../../components/EventTimeline.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import type { SettingsForm } from "./form-model.ts";
import { useEmailPreview } from "./useEmailPreview.ts";

export function EmailPreview({ form, locale }: { form: SettingsForm; locale: string }) {
  const { t } = useI18n();
  const preview = useEmailPreview(form, locale);

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
