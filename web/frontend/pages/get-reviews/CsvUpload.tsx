/**
 * Get reviews → "Upload a CSV file" (issue 17): `email,name,order`, and a report of every row:
 * invited, skipped (and why), or not usable (and which column).
 */
import { Badge, BlockStack, Button, DataTable, InlineStack, Text } from "@shopify/polaris";
import { useRef, useState } from "react";
import { ApiError } from "../../api/client.ts";
import type { CsvReport } from "../../api/types.ts";
import { labelOr } from "../../components/EventTimeline.tsx";
import { ErrorText } from "../../components/ErrorText.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { useApi } from "../../hooks/api.tsx";
import { useI18n } from "../../i18n/i18n.tsx";

export function CsvUpload() {
  const { t } = useI18n();
  const api = useApi();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<CsvReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function upload() {
    if (!file) return;
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      setReport(await api.upload<CsvReport>("/api/get-reviews/csv", "text/csv", await file.text()));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : t("errors.unexpected"));
    } finally {
      setBusy(false);
    }
  }

  const outcome = (row: CsvReport["rows"][number]) =>
    row.status === "created" ? (
      <Badge tone="success">{t("getReviews.csv.created")}</Badge>
    ) : (
      <Text as="span">
        {row.status === "invalid"
          ? t("getReviews.csv.invalid", { reason: labelOr(t, `getReviews.csv.reason.${row.reason}`, row.reason ?? "") })
          : t("getReviews.csv.skipped", { reason: labelOr(t, `guidance.skipped.reason.${row.reason}`, row.reason ?? "") })}
      </Text>
    );

  return (
    <SectionCard headingId="csv-heading" title={t("getReviews.csv.title")} gap="400">
      <Text as="p" tone="subdued">
        {t("getReviews.csv.intro")}
      </Text>
      <InlineStack gap="300" blockAlign="center">
        <label htmlFor="csv-file">
          <Text as="span">{t("getReviews.csv.file")}</Text>
        </label>
        <input id="csv-file" ref={input} type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <Button onClick={upload} disabled={!file} loading={busy}>
          {t("getReviews.csv.upload")}
        </Button>
      </InlineStack>
      {error && (
        <ErrorText>{error}</ErrorText>
      )}
      {report && (
        <BlockStack gap="200">
          <div data-testid="csv-summary">
            <Text as="p" fontWeight="semibold">
              {t("getReviews.csv.summary", { created: report.created, skipped: report.skipped, invalid: report.invalid })}
            </Text>
          </div>
          <DataTable
            columnContentTypes={["numeric", "text", "text"]}
            headings={[t("getReviews.csv.row"), t("getReviews.email"), t("getReviews.csv.outcome")]}
            rows={report.rows.map((row) => [row.row, row.email ?? "—", outcome(row)])}
          />
        </BlockStack>
      )}
    </SectionCard>
  );
}
