import { BlockStack, Card, Text, type BlockStackProps, type CardProps } from "@shopify/polaris";
import type { ReactNode } from "react";

/**
 * A card that is a titled section: an h2 that names it (`aria-labelledby`), then its content.
 * `gap` and `background` only for the cards that were drawn looser or set apart before they
 * shared this one (the Get reviews forms, the "can't cancel one" note).
 */
export function SectionCard({
  headingId,
  title,
  children,
  gap = "300",
  background,
}: {
  headingId: string;
  title: string;
  children: ReactNode;
  gap?: BlockStackProps["gap"];
  background?: CardProps["background"];
}) {
  return (
    <Card background={background}>
      <section aria-labelledby={headingId}>
        <BlockStack gap={gap}>
          <Text as="h2" variant="headingMd" id={headingId}>
            {title}
          </Text>
          {children}
        </BlockStack>
      </section>
    </Card>
  );
}
