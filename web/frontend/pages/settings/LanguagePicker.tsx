/**
 * Which language of the email is being edited (issue 18). Shown above the invitation's and
 * the reminder's fields, both bound to the same choice, so the merchant always sees which
 * language the fields, the previews and a test email are in.
 */
import { Select } from "@shopify/polaris";
import { useI18n } from "../../i18n/i18n.tsx";
import type { SettingsForm } from "./form-model.ts";

/** "Français", "日本語"…: each language in the merchant's own, through the browser's Intl. */
export function useLanguageName(): (locale: string) => string {
  const { locale } = useI18n();
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([locale], { type: "language" });
  } catch {
    names = null;
  }
  return (code) => names?.of(code) ?? code;
}

/** The shop's language first, then the others in the API's order. */
export function emailLanguages(form: SettingsForm): string[] {
  return [form.primaryLocale, ...Object.keys(form.translations).filter((l) => l !== form.primaryLocale)];
}

export function LanguagePicker({ form, value, onChange, id }: { form: SettingsForm; value: string; onChange: (locale: string) => void; id: string }) {
  const { t } = useI18n();
  const name = useLanguageName();
  const options = emailLanguages(form).map((locale) => ({
    value: locale,
    label: locale === form.primaryLocale ? t("settings.language.primaryOption", { language: name(locale) }) : name(locale),
  }));
  return (
    <Select id={id} label={t("settings.language.label")} options={options} value={value} onChange={onChange} helpText={t("settings.language.help", { language: name(form.primaryLocale) })} />
  );
}
