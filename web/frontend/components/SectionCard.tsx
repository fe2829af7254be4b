import { BlockStack, Card, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

/** A card that is a titled section: an h2 that names it (`aria-labelledby`), then its content. */
export function SectionCard({ headingId, title, children }: { headingId: string; title: string; children: ReactNode }) {
  return (
    <Card>
      <section aria-labelledby={headingId}>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd" id={headingId}>
            {title}
          </Text>
          {children}
        </BlockStack>
      </section>
    </Card>
  );
}
