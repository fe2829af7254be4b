/**
 * Runs in a worker thread of the template sandbox (sandbox.ts): the merchant's Liquid,
 * validated or previewed where a runaway template can be killed without stalling the
 * server. Plain TypeScript that Node loads itself (type stripping), so it needs no loader.
 */
import { renderInvitation, renderPreview, validateTemplate } from "./templates.ts";
import type { CustomerLinks, InvitationFacts, TemplateField, TemplateSettings } from "./templates.ts";

export type SandboxTask =
  | { op: "validate"; source: string; field: TemplateField }
  | { op: "preview"; settings: TemplateSettings; sample?: Partial<InvitationFacts> }
  | { op: "render"; settings: TemplateSettings; facts: InvitationFacts; links: CustomerLinks };

export default async function run(task: SandboxTask): Promise<unknown> {
  switch (task.op) {
    case "validate":
      return validateTemplate(task.source, task.field);
    case "preview":
      return renderPreview(task.settings, task.sample);
    case "render":
      return renderInvitation(task.settings, task.facts, task.links);
  }
}
