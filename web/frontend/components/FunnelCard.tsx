/**
 * The funnel on the home page (issue 18): of the invitations sent in the last 30 or 90 days,
 * how many customers clicked the review link, the click rate, reminders sent and clicks
 * after a reminder; and a small chart of sent and clicked by week (13 weeks). The chart is
 * a picture for those who see it; its numbers are in a table right under it (shown on
 * demand, always in the accessibility tree's reach), and the chart names that table.
 */
import { BlockStack, Box, Button, ButtonGroup, Collapsible, DataTable, InlineGrid, InlineStack, Text } from "@shopify/polaris";
import { useId, useState } from "react";
import type { Funnel, FunnelFigures } from "../api/types.ts";
import { useI18n } from "../i18n/i18n.tsx";
import { SectionCard } from "./SectionCard.tsx";

type Range = "last30Days" | "last90Days";

export function FunnelCard({ funnel }: { funnel: Funnel }) {
  const { t, locale } = useI18n();
  const [range, setRange] = useState<Range>("last30Days");
  const [tableOpen, setTableOpen] = useState(false);
  const tableId = useId();
  const number = new Intl.NumberFormat(locale);
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const rate = (f: FunnelFigures) => (f.clickRate === null ? "–" : percent.format(f.clickRate));
  const figures = funnel[range];
  const weekLabel = (weekStart: string) =>
    new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${weekStart}T00:00:00Z`));

  const tiles: Array<[string, string, string]> = [
    ["sent", t("funnel.sent"), number.format(figures.sent)],
    ["clicked", t("funnel.clicked"), number.format(figures.clicked)],
    ["clickRate", t("funnel.clickRate"), rate(figures)],
    ["reminded", t("funnel.reminded"), number.format(figures.reminded)],
    ["clickedAfterReminder", t("funnel.clickedAfterReminder"), number.format(figures.clickedAfterReminder)],
  ];

  return (
    <SectionCard headingId="funnel-heading" title={t("funnel.title")}>
      <InlineStack align="space-between" blockAlign="center" gap="200">
        <Text as="p" tone="subdued">
          {t("funnel.description")}
        </Text>
        <ButtonGroup variant="segmented">
          <Button pressed={range === "last30Days"} onClick={() => setRange("last30Days")}>
            {t("funnel.last30Days")}
          </Button>
          <Button pressed={range === "last90Days"} onClick={() => setRange("last90Days")}>
            {t("funnel.last90Days")}
          </Button>
        </ButtonGroup>
      </InlineStack>
      <InlineGrid columns={{ xs: 2, sm: 3, md: 5 }} gap="300">
        {tiles.map(([key, label, value]) => (
          <Box key={key} padding="300" background="bg-surface-secondary" borderRadius="200">
            <BlockStack gap="100">
              <Text as="span" variant="bodySm" tone="subdued">
                {label}
              </Text>
              <Text as="p" variant="headingLg" id={`funnel-${key}`}>
                {value}
              </Text>
            </BlockStack>
          </Box>
        ))}
      </InlineGrid>
      <WeeklyChart funnel={funnel} weekLabel={weekLabel} label={t("funnel.chartLabel")} tableId={tableId} />
      <InlineStack gap="300" blockAlign="center">
        <LegendSwatch color="#b4c9e0" label={t("funnel.sent")} />
        <LegendSwatch color="#2c6ecb" label={t("funnel.clicked")} />
        <Button variant="plain" onClick={() => setTableOpen((o) => !o)} ariaExpanded={tableOpen} ariaControls={tableId}>
          {tableOpen ? t("funnel.hideTable") : t("funnel.showTable")}
        </Button>
      </InlineStack>
      <Collapsible id={tableId} open={tableOpen}>
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
          headings={[t("funnel.week"), t("funnel.sent"), t("funnel.clicked"), t("funnel.clickRate"), t("funnel.reminded"), t("funnel.clickedAfterReminder")]}
          rows={funnel.weeks.map((w) => [
            weekLabel(w.weekStart),
            number.format(w.sent),
            number.format(w.clicked),
            rate(w),
            number.format(w.reminded),
            number.format(w.clickedAfterReminder),
          ])}
        />
      </Collapsible>
    </SectionCard>
  );
}

function LegendSwatch({ color, label }: { color: string; label: string }) {
  return (
    <InlineStack gap="100" blockAlign="center">
      <span aria-hidden="true" style={{ display: "inline-block", width: 12, height: 12, borderRadius: 2, background: color }} />
      <Text as="span" variant="bodySm">
        {label}
      </Text>
    </InlineStack>
  );
}

/** Bars of sent (light) with clicked (dark) in front, one pair per week. */
function WeeklyChart({ funnel, weekLabel, label, tableId }: { funnel: Funnel; weekLabel: (w: string) => string; label: string; tableId: string }) {
  const width = 640;
  const height = 140;
  const axis = 18;
  const max = Math.max(1, ...funnel.weeks.map((w) => w.sent));
  const slot = width / funnel.weeks.length;
  const bar = Math.max(4, slot * 0.6);
  const scale = (n: number) => (n / max) * (height - axis - 4);
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      height={height}
      role="img"
      aria-label={label}
      aria-describedby={tableId}
      preserveAspectRatio="none"
      data-testid="funnel-chart"
    >
      {funnel.weeks.map((w, i) => {
        const x = i * slot + (slot - bar) / 2;
        const base = height - axis;
        return (
          <g key={w.weekStart}>
            <rect x={x} y={base - scale(w.sent)} width={bar} height={scale(w.sent)} fill="#b4c9e0" rx={2} />
            <rect x={x} y={base - scale(w.clicked)} width={bar} height={scale(w.clicked)} fill="#2c6ecb" rx={2} />
            {i % 2 === 0 && (
              <text x={x + bar / 2} y={height - 4} textAnchor="middle" fontSize="10" fill="#6d7175">
                {weekLabel(w.weekStart)}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
