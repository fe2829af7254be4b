import { Text } from "@shopify/polaris";
import type { ReactNode } from "react";

/**
 * An error a form's action answered with, as one line of critical text under the form;
 * `role="alert"` so a screen reader says it when it appears. (Errors of one field go on that
 * field instead; a page or section that failed to load is an ErrorBanner.)
 */
export function ErrorText({ children }: { children: ReactNode }) {
  return (
    <div role="alert">
      <Text as="p" tone="critical">
        {children}
      </Text>
    </div>
  );
}
