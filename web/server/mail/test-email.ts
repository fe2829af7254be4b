/**
 * "Send me a test" (issue 18): the email as the merchant's current, unsaved settings would
 * send it, with sample order data, to an address the merchant gives. Rendered in the
 * template sandbox like the preview, so a test can never run a template that saving would
 * refuse; sent through the app's real transport; marked as a test in the subject and a
 * header; it belongs to no invitation, so it is never counted in the funnel.
 */
import { parseAddress } from "./addresses.ts";
import { parseMailbox, type OutgoingEmail } from "./message.ts";
import { renderPreviewSandboxed } from "./sandbox.ts";
import { shopDisplayName, type TemplateSettings } from "./templates.ts";
import { WORDING } from "./wording.ts";

export const TEST_SUBJECT_PREFIX = "[Test] ";
export const TEST_HEADER = "X-Review-Invitations-Test";

export interface TestEmailDraft extends TemplateSettings {
  senderName: string | null;
  replyTo: string | null;
  reminderSubject: string | null;
  reminderBody: string | null;
}

export type TestEmailBuild =
  | { ok: true; email: OutgoingEmail }
  | { ok: false; problems: { field: string; message: string; line: number | null; column: number | null }[] };

/**
 * The draft rendered as the preview renders it (sandbox, sample order); for the reminder, its
 * own words (defaults included) in the template's place, and its problems named
 * `reminder.subject` / `reminder.body`.
 */
export async function renderDraft(draft: TestEmailDraft, kind: "invitation" | "reminder") {
  const settings: TemplateSettings =
    kind === "reminder"
      ? { ...draft, emailSubject: draft.reminderSubject ?? WORDING[draft.locale ?? "en"].reminderSubject, emailBody: draft.reminderBody ?? WORDING[draft.locale ?? "en"].reminderBody }
      : draft;
  const rendered = await renderPreviewSandboxed(settings);
  const field = (f: string) => (kind === "reminder" && (f === "emailSubject" || f === "emailBody") ? `reminder.${f === "emailSubject" ? "subject" : "body"}` : f);
  const problems = rendered.errors.map((e) => ({ field: field(e.field), message: e.message, line: e.line, column: e.column }));
  return { subject: rendered.subject, html: rendered.html, text: rendered.text, problems };
}

export async function buildTestEmail(
  draft: TestEmailDraft,
  options: { kind: "invitation" | "reminder"; to: string; mailFrom: string; appUrl: string; now: Date },
): Promise<TestEmailBuild> {
  const rendered = await renderDraft(draft, options.kind);
  if (rendered.problems.length > 0) return { ok: false, problems: rendered.problems };
  const sender = parseMailbox(options.mailFrom);
  const to = parseAddress(options.to)!;
  const replyTo = draft.replyTo ? parseAddress(draft.replyTo) : null;
  const host = new URL(options.appUrl).hostname || "localhost";
  return {
    ok: true,
    email: {
      from: { name: draft.senderName?.trim() || shopDisplayName(draft) || sender.name, address: sender.address },
      to,
      ...(replyTo ? { replyTo } : {}),
      subject: `${TEST_SUBJECT_PREFIX}${rendered.subject}`,
      html: rendered.html,
      text: rendered.text,
      messageId: `<test-${options.now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 10)}.${draft.domain}@${host}>`,
      headers: { [TEST_HEADER]: options.kind, "Auto-Submitted": "auto-generated" },
    },
  };
}
