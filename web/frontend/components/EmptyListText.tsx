/** What a list says when it has nothing to show: one quiet line, padded like a list item. */
import { Box, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

export function EmptyListText({ children }: { children: ReactNode }) {
  return (
    <Box padding="400">
      <Text as="p" tone="subdued">
        {children}
      </Text>
    </Box>
  );
}
