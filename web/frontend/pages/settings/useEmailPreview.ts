/**
 * The preview of the email being edited: the draft's email fields, debounced so typing sends
 * one request per pause rather than one per key, rendered by the backend's own template code
 * (POST /api/settings/preview). The previous preview stays up while the next one loads.
 */
import { useEffect, useMemo, useState } from "react";
import type { Preview } from "../../api/types.ts";
import { useQuery } from "../../hooks/api.tsx";
import type { SettingsForm } from "./form-model.ts";

/** Long enough to wait out a word being typed, short enough to feel live. */
const DEBOUNCE_MS = 400;

const orNull = (v: string) => (v.trim() === "" ? null : v);

export function useEmailPreview(form: SettingsForm, locale: string) {
  const input = useMemo(
    () => ({
      locale,
      emailSubject: orNull(form.emailSubject),
      emailBody: orNull(form.emailBody),
      noticeEnabled: form.noticeEnabled,
      noticeText: orNull(form.noticeText),
      senderName: orNull(form.senderName),
      replyTo: orNull(form.replyTo),
      reviewUrl: orNull(form.reviewUrl),
    }),
    [locale, form.emailSubject, form.emailBody, form.noticeEnabled, form.noticeText, form.senderName, form.replyTo, form.reviewUrl],
  );
  return useDebouncedPreview("/api/settings/preview", input);
}

/**
 * A preview the backend renders from a draft (`path` answers a Preview): asked once per pause
 * in typing, the previous one kept up while the next loads. The invitation's and the
 * reminder's previews (ReminderSection) both go through here.
 */
export function useDebouncedPreview<Input>(path: string, input: Input) {
  const [debounced, setDebounced] = useState(input);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(input), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [input]);
  // A read, though a POST (the draft travels in the body): through the raw client, so it refreshes nothing.
  return useQuery([path, debounced], (a) => a.post<Preview>(path, debounced), { keepPrevious: true });
}
