/** What each issue-17 settings section gets from the Settings page: its slice of the form. */
import type { Trigger } from "../../api/types.ts";
import type { TimingForm, TimingKey } from "./timing-form.ts";

export interface SectionProps {
  form: TimingForm & { timezone: string; delayDays: string; trigger: Trigger };
  set: <K extends TimingKey>(key: K, value: TimingForm[K]) => void;
  /** The API's message for a field it refused (by path: "sendWindow.start"). */
  fieldError: (name: string) => string | undefined;
}
