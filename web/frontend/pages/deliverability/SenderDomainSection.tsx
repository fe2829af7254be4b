/**
 * The merchant's own sender address (issue 19): enter it, publish the DNS records shown,
 * press Verify. Until verified, invitations keep going out from the app's address.
 */
import { Badge, BlockStack, Button, Banner, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { ApiError } from "../../api/client.ts";
import type { Deliverability, SenderDomain } from "../../api/deliverability.ts";
import { SectionCard } from "../../components/SectionCard.tsx";
import { useApi } from "../../hooks/api.tsx";
import { useToast } from "../../hooks/toast.tsx";
import { useI18n } from "../../i18n/i18n.tsx";

export function SenderDomainSection({ data, onChange }: { data: Deliverability; onChange: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const toast = useToast();
  const sender = data.senderDomain;
  const [address, setAddress] = useState(sender?.fromAddress ?? "");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState<"save" | "verify" | "remove" | null>(null);

  async function run(kind: "save" | "verify" | "remove", work: () => Promise<{ senderDomain: SenderDomain | null }>, done: (s: SenderDomain | null) => string) {
    setBusy(kind);
    setError(undefined);
    try {
      const { senderDomain } = await work();
      toast(done(senderDomain));
      onChange();
    } catch (caught) {
      const message = caught instanceof ApiError ? caught.message : t("errors.unexpected");
      if (kind === "save") setError(message);
      else toast(message, { error: true });
    } finally {
      setBusy(null);
    }
  }

  const save = () =>
    run("save", () => api.put("/api/deliverability/sender-domain", { fromAddress: address.trim() }), () => t("deliverability.sender.saved"));
  const verify = () =>
    run(
      "verify",
      () => api.post("/api/deliverability/sender-domain/verify"),
      (s) => (s?.verified ? t("deliverability.sender.verifiedOk", { address: s.fromAddress }) : t("deliverability.sender.verifiedNot", { mailFrom: data.mailFrom })),
    );
  const remove = () =>
    run("remove", () => api.put("/api/deliverability/sender-domain", { fromAddress: null }), () => {
      setAddress("");
      return t("deliverability.sender.removed", { mailFrom: data.mailFrom });
    });

  const checks = new Map((sender?.lastCheck?.records ?? []).map((c) => [c.purpose, c]));

  return (
    <SectionCard headingId="sender-domain" title={t("deliverability.sender.title")}>
      <Text as="p">{t("deliverability.sender.intro", { mailFrom: data.mailFrom })}</Text>
      <InlineStack gap="300" blockAlign="end" wrap>
        <div style={{ flex: "1 1 18rem" }}>
          <TextField
            label={t("deliverability.sender.label")}
            helpText={t("deliverability.sender.help")}
            type="email"
            autoComplete="email"
            value={address}
            onChange={setAddress}
            error={error}
          />
        </div>
        <Button onClick={save} loading={busy === "save"} disabled={address.trim() === "" || address.trim().toLowerCase() === sender?.fromAddress}>
          {t("deliverability.sender.save")}
        </Button>
      </InlineStack>

      {sender && (
        <BlockStack gap="300">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h3" variant="headingSm">
              {t("deliverability.sender.recordsTitle")}
            </Text>
            <Badge tone={sender.verified ? "success" : "attention"}>
              {sender.verified ? t("deliverability.sender.verified") : t("deliverability.sender.notVerified")}
            </Badge>
          </InlineStack>
          {sender.records.map((record) => {
            const check = checks.get(record.purpose);
            return (
              <BlockStack gap="100" key={record.purpose}>
                <InlineStack gap="200" blockAlign="center">
                  <Text as="span" fontWeight="semibold">
                    {t(`deliverability.sender.purpose.${record.purpose}`)}
                  </Text>
                  <Badge>{record.required ? t("deliverability.sender.required") : t("deliverability.sender.recommended")}</Badge>
                  <Badge tone={check?.state === "found" ? "success" : check ? "warning" : undefined}>
                    {t(`deliverability.sender.state.${check?.state ?? "unchecked"}`)}
                  </Badge>
                </InlineStack>
                <dl style={{ margin: 0, display: "grid", gridTemplateColumns: "max-content 1fr", gap: "var(--p-space-100) var(--p-space-300)" }}>
                  <dt>{t("deliverability.sender.type")}</dt>
                  <dd style={{ margin: 0 }}>{record.type}</dd>
                  <dt>{t("deliverability.sender.name")}</dt>
                  <dd style={{ margin: 0, wordBreak: "break-all" }}>
                    <code>{record.name}</code>
                  </dd>
                  <dt>{t("deliverability.sender.value")}</dt>
                  <dd style={{ margin: 0, wordBreak: "break-all" }}>
                    <code>{record.value}</code>
                  </dd>
                </dl>
                {check && check.state !== "found" && (
                  <Text as="p" tone="subdued">
                    {check.message}
                  </Text>
                )}
              </BlockStack>
            );
          })}
          {!sender.verified && sender.lastCheck && (
            <Banner tone="warning">
              <p>{t("deliverability.sender.verifiedNot", { mailFrom: data.mailFrom })}</p>
            </Banner>
          )}
          <InlineStack gap="200">
            <Button variant="primary" onClick={verify} loading={busy === "verify"}>
              {t("deliverability.sender.verify")}
            </Button>
            <Button tone="critical" variant="plain" onClick={remove} loading={busy === "remove"}>
              {t("deliverability.sender.remove")}
            </Button>
          </InlineStack>
        </BlockStack>
      )}
    </SectionCard>
  );
}
