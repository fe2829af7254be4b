// @vitest-environment happy-dom
/**
 * The admin page's pieces with logic, rendered with Polaris in happy-dom: what the
 * merchant sees and what each action hands to the backend.
 */
import { act, cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../web/frontend/api/client.ts";
import type { InvitationWithEvents, Summary } from "../web/frontend/api/types.ts";
import { CancelAllPending } from "../web/frontend/components/CancelAllPending.tsx";
import { DeliveryEditor } from "../web/frontend/components/DeliveryEditor.tsx";
import { GuidanceBanners } from "../web/frontend/components/GuidanceBanners.tsx";
import { InvitationDetails } from "../web/frontend/components/InvitationDetails.tsx";
import { fieldInLanguage, languageView, setInLanguage, withPrimaryLocale } from "../web/frontend/pages/settings/language-form.ts";
import { changedFields, toForm } from "../web/frontend/pages/settings/form-model.ts";
import { renderPage } from "./support/frontend.tsx";

afterEach(cleanup);

function summary(overrides: Partial<Summary> = {}, settings: Partial<Summary["settings"]> = {}): Summary {
  return {
    counts: { queued: 5, sending: 0, sent: 10, failed: 0, canceled: 0 },
    skippedOrders: { total: 0, byReason: {} },
    cancelledOrdersQueued: 0,
    overdueQueued: 0,
    failedReasons: [],
    settings: { trigger: "order_fulfilled", paused: false, noticeEnabled: true, ...settings },
    guidance: [],
    ...overrides,
  };
}

describe("guidance banners", () => {
  it("explain a cancelled order's invitation and offer both fixes while the trigger is order creation", async () => {
    const patches: unknown[] = [];
    renderPage(
      <GuidanceBanners
        summary={summary(
          { cancelledOrdersQueued: 2, guidance: [{ code: "cancelled_orders", count: 2, actions: ["enable_notice", "switch_trigger_to_fulfillment"] }] },
          { trigger: "order_created", noticeEnabled: false },
        )}
        updateSettings={async (patch) => void patches.push(patch)}
      />,
    );
    expect(screen.getByText("2 queued invitations belong to cancelled orders")).toBeTruthy();
    expect(screen.getByText(/every customer is invited equally and fairly/)).toBeTruthy();
    expect(screen.getByText(/Customers who cancelled can still review your service/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Turn on the notice" }));
    fireEvent.click(screen.getByRole("button", { name: "Invite after fulfillment" }));
    await waitFor(() => expect(patches).toEqual([{ noticeEnabled: true }, { trigger: "order_fulfilled" }]));
  });

  it("don't offer switching the trigger when invitations already wait for dispatch", () => {
    renderPage(
      <GuidanceBanners
        summary={summary({ cancelledOrdersQueued: 1, guidance: [{ code: "cancelled_orders", count: 1, actions: ["edit_notice"] }] }, { trigger: "order_delivered" })}
        updateSettings={async () => {}}
      />,
    );
    expect(screen.getByText("1 queued invitation belongs to a cancelled order")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Invite after fulfillment" })).toBeNull();
    expect(screen.getByRole("link", { name: "Edit the notice" }).getAttribute("href")).toBe("/settings#notice");
  });

  it("show nothing when nothing needs attention", () => {
    const { container } = renderPage(<GuidanceBanners summary={summary()} updateSettings={async () => {}} />);
    expect(container.querySelectorAll(".Polaris-Banner")).toHaveLength(0);
  });

  it("say how many invitations are overdue while paused, and resume on one click", async () => {
    const patches: unknown[] = [];
    renderPage(<GuidanceBanners summary={summary({ overdueQueued: 4 }, { paused: true })} updateSettings={async (p) => void patches.push(p)} />);
    expect(screen.getByText(/4 invitations are already past their delivery date/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Resume sending" }));
    await waitFor(() => expect(patches).toEqual([{ paused: false }]));
  });

  it("list why invitations failed and which orders were skipped", () => {
    renderPage(
      <GuidanceBanners
        summary={summary({
          counts: { failed: 3 },
          failedReasons: [{ reason: "550 Mailbox unavailable", count: 3 }],
          skippedOrders: { total: 2, byReason: { no_email: 1, test_order: 1 } },
        })}
        updateSettings={async () => {}}
      />,
    );
    expect(screen.getByText("3 invitations could not be sent")).toBeTruthy();
    expect(screen.getByText("550 Mailbox unavailable (3)")).toBeTruthy();
    expect(screen.getByText("2 orders got no invitation")).toBeTruthy();
    expect(screen.getByText(/Invite test orders/)).toBeTruthy();
  });

  it("show the API's reason when a one-click fix fails", async () => {
    renderPage(
      <GuidanceBanners
        summary={summary({}, { paused: true })}
        updateSettings={async () => {
          throw new ApiError(503, "unavailable", "The database is busy; try again.");
        }}
      />,
    );
    fireEvent.click(screen.getByRole("button", { name: "Resume sending" }));
    await waitFor(() => expect(screen.getByText("The database is busy; try again.")).toBeTruthy());
  });
});

describe("delivery editor", () => {
  it("shows the delivery date on the shop's clocks and saves the instant the merchant typed there", async () => {
    const saved: Date[] = [];
    renderPage(<DeliveryEditor sendAt="2026-12-03T14:00:00.000Z" timeZone="America/New_York" onSave={async (d) => void saved.push(d)} />);
    const date = screen.getByLabelText("Delivery date") as HTMLInputElement;
    const time = screen.getByLabelText("Delivery time") as HTMLInputElement;
    expect([date.value, time.value]).toEqual(["2026-12-03", "09:00"]);
    const save = screen.getByRole("button", { name: "Save" });
    expect(save.hasAttribute("disabled") || save.getAttribute("aria-disabled") === "true").toBe(true);

    fireEvent.change(date, { target: { value: "2026-12-10" } });
    fireEvent.change(time, { target: { value: "16:45" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(saved.map((d) => d.toISOString())).toEqual(["2026-12-10T21:45:00.000Z"]));
  });

  it("announces the backend's reason when it refuses the date", async () => {
    renderPage(
      <DeliveryEditor
        sendAt="2026-12-03T14:00:00.000Z"
        timeZone="UTC"
        onSave={async () => {
          throw new ApiError(422, "invalid", "The delivery date must be in the future (after 2026-11-26T10:00:00.000Z).", { field: "sendAt" });
        }}
      />,
    );
    fireEvent.change(screen.getByLabelText("Delivery date"), { target: { value: "2020-01-01" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("The delivery date must be in the future"));
  });
});

describe("an expanded invitation", () => {
  const base: InvitationWithEvents = {
    id: "7",
    status: "queued",
    sendAt: "2026-12-03T14:00:00.000Z",
    email: "ada@example.com",
    customerName: "Ada Lovelace",
    orderId: "1001",
    orderName: "#1001",
    source: "fulfillments/create",
    orderCancelledAt: "2026-11-27T10:00:00.000Z",
    createdAt: "2026-11-26T10:00:00.000Z",
    sentAt: null,
    events: [
      { id: "1", type: "created", at: "2026-11-26T10:00:00.000Z", actor: "webhook", details: { source: "fulfillments/create", sendAt: "2026-12-03T14:00:00.000Z" } },
      { id: "2", type: "order_cancelled", at: "2026-11-27T10:00:00.000Z", actor: "webhook", details: null },
      { id: "3", type: "rescheduled", at: "2026-11-28T10:00:00.000Z", actor: "42", details: { from: "2026-12-01T14:00:00.000Z", to: "2026-12-03T14:00:00.000Z" } },
    ],
  };

  it("shows who, what, where from, and its history with who changed it", () => {
    renderPage(<InvitationDetails invitation={base} timeZone="America/New_York" onSaveDelivery={async () => {}} />);
    const history = screen.getByRole("list", { name: "History" });
    expect(within(history).getByText("Created")).toBeTruthy();
    expect(within(history).getByText("Order cancelled by the customer")).toBeTruthy();
    expect(within(history).getByText("Delivery date changed")).toBeTruthy();
    expect(history.textContent).toContain("Staff member 42");
    expect(history.textContent).toContain("From Dec 1, 2026, 9:00 AM to Dec 3, 2026, 9:00 AM");
    expect(screen.getAllByText("Fulfillment created").length).toBeGreaterThan(0);
    expect(screen.getByText(/The customer cancelled this order/)).toBeTruthy();
  });

  it("lets a queued one be moved, and offers no way to cancel it but says why", () => {
    renderPage(<InvitationDetails invitation={base} timeZone="UTC" onSaveDelivery={async () => {}} />);
    expect(screen.getByLabelText("Delivery date")).toBeTruthy();
    expect(screen.getByText("Looking to cancel this invitation?")).toBeTruthy();
    expect(screen.queryAllByRole("button").filter((b) => /cancel|delete|remove/i.test(b.textContent ?? ""))).toEqual([]);
  });

  it("has no date to change once sent, and says it can't be retracted", () => {
    renderPage(<InvitationDetails invitation={{ ...base, status: "sent", sentAt: "2026-12-03T14:00:05.000Z" }} timeZone="UTC" onSaveDelivery={async () => {}} />);
    expect(screen.queryByLabelText("Delivery date")).toBeNull();
    expect(screen.getByText(/can't be retracted/)).toBeTruthy();
  });

  it("explains that a cancelled one is final and how to invite the customer again", () => {
    renderPage(<InvitationDetails invitation={{ ...base, status: "canceled" }} timeZone="UTC" onSaveDelivery={async () => {}} />);
    expect(screen.queryByLabelText("Delivery date")).toBeNull();
    expect(screen.getByText(/can't be activated again; to invite this customer after all/)).toBeTruthy();
  });
});

describe("cancel all pending invitations", () => {
  it("asks with the current count and the consequences, then reports how many were cancelled", async () => {
    const done: number[] = [];
    let cancelled = false;
    renderPage(
      <CancelAllPending
        loadQueuedCount={async () => 12}
        cancelAll={async () => {
          cancelled = true;
          return 12;
        }}
        onDone={(n) => done.push(n)}
      />,
    );
    expect(cancelled).toBe(false);
    fireEvent.click(screen.getByRole("button", { name: "Cancel all pending invitations" }));
    await waitFor(() => expect(screen.getByText("12 queued invitations will be cancelled.")).toBeTruthy());
    expect(screen.getByText("This can't be undone.")).toBeTruthy();
    expect(screen.getByText("Cancelled invitations can't be activated again.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Cancel 12 invitations" }));
    await waitFor(() => expect(done).toEqual([12]));
    expect(cancelled).toBe(true);
  });

  it("keeps everything when the merchant backs out", async () => {
    let cancelled = false;
    renderPage(<CancelAllPending loadQueuedCount={async () => 3} cancelAll={async () => ((cancelled = true), 3)} onDone={() => {}} />);
    fireEvent.click(screen.getByRole("button", { name: "Cancel all pending invitations" }));
    await waitFor(() => screen.getByText("3 queued invitations will be cancelled."));
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Keep them" })));
    expect(cancelled).toBe(false);
  });

  it("cannot be confirmed when nothing is queued", async () => {
    renderPage(<CancelAllPending loadQueuedCount={async () => 0} cancelAll={async () => 0} onDone={() => {}} />);
    fireEvent.click(screen.getByRole("button", { name: "Cancel all pending invitations" }));
    await waitFor(() => screen.getByText("There are no queued invitations to cancel."));
    const confirm = screen.getByRole("button", { name: "Cancel 0 invitations" });
    expect(confirm.hasAttribute("disabled") || confirm.getAttribute("aria-disabled") === "true").toBe(true);
  });
});

describe("settings form", () => {
  const settings = {
    trigger: "order_fulfilled" as const,
    delayDays: 7,
    deliveredFallbackDays: 14,
    inviteTestOrders: false,
    paused: false,
    emailSubject: null,
    emailBody: null,
    noticeEnabled: true,
    noticeText: "Sorry if this reached you in error.",
    senderName: null,
    replyTo: null,
    reviewUrl: null,
    timezone: "Europe/Paris",
    retentionDays: 365,
    reminder: { enabled: false, afterDays: 7, subject: null, body: null },
    sendWindow: null,
    countryDelays: [{ country: "US", delayDays: 12 }],
    exclusions: { orderTags: ["gift"], customerTags: [], productIds: [], vendors: [], channels: ["pos" as const], minOrderTotal: null, requireMarketingConsent: false },
    frequencyCapDays: 30,
    resumeOverHours: 6,
    primaryLocale: "en",
    translations: {
      fr: { emailSubject: "Votre avis ?", emailBody: null, noticeText: null, reminderSubject: null, reminderBody: null },
      ja: { emailSubject: null, emailBody: null, noticeText: null, reminderSubject: null, reminderBody: null },
    },
  };

  it("edits another language's words in place of the template fields, and sends them as that language's translation (issue 18)", () => {
    const saved = toForm({ ...settings, emailSubject: "English {{ order_name }}", reminder: { ...settings.reminder, subject: "Reminder" } });
    const french = languageView(saved, "fr");
    expect(french.emailSubject).toBe("Votre avis ?");
    expect(french.reminder.subject).toBe("");
    expect(languageView(saved, "en")).toBe(saved);

    let edited = setInLanguage(saved, "fr", "emailBody", "<p>Bonjour</p>");
    edited = setInLanguage(edited, "fr", "reminder", { ...french.reminder, enabled: true, subject: "Rappel" });
    expect(edited.emailSubject).toBe("English {{ order_name }}"); // the primary language's words are untouched
    expect(changedFields(saved, edited)).toEqual({
      translations: { fr: { emailBody: "<p>Bonjour</p>", reminderSubject: "Rappel" } },
      reminder: { enabled: true }, // on/off is the same in every language
    });
    expect(fieldInLanguage(edited, "fr", "reminder.subject")).toBe("translations.fr.reminderSubject");
    expect(fieldInLanguage(edited, "en", "emailSubject")).toBe("emailSubject");
  });

  it("keeps the words with their language when the primary language changes", () => {
    const saved = toForm({ ...settings, emailSubject: "English {{ order_name }}" });
    const switched = withPrimaryLocale(saved, "fr");
    expect(switched.emailSubject).toBe("Votre avis ?");
    expect(switched.translations.en!.emailSubject).toBe("English {{ order_name }}");
    expect(switched.translations.fr).toBeUndefined();
    // The English words need not travel: the API moves the old primary's words itself.
    expect(changedFields(saved, switched)).toEqual({ primaryLocale: "fr", emailSubject: "Votre avis ?", noticeText: null });
  });

  it("sends only what changed, numbers as numbers and an emptied text as 'use the default'", () => {
    const saved = toForm(settings);
    expect(changedFields(saved, saved)).toEqual({});
    const edited = { ...saved, delayDays: "5", noticeText: "  ", emailSubject: "Hi {{ customer_name }}" };
    expect(changedFields(saved, edited)).toEqual({ delayDays: 5, noticeText: null, emailSubject: "Hi {{ customer_name }}" });
  });

  it("sends the reminder's changed fields only, as one reminder object (issue 18)", () => {
    const saved = toForm(settings);
    const edited = { ...saved, reminder: { ...saved.reminder, enabled: true, afterDays: "3", subject: " " } };
    expect(changedFields(saved, edited)).toEqual({ reminder: { enabled: true, afterDays: 3, subject: null } });
    expect(changedFields(saved, { ...saved, reminder: { ...saved.reminder } })).toEqual({});
  });

  it("sends issue 17's fields in the API's shape: a window or null, comma lists as lists, numbers as numbers", () => {
    const saved = toForm(settings);
    const edited = {
      ...saved,
      sendWindow: { enabled: true, start: "09:00", end: "20:00", days: [5, 1] },
      countryDelays: [...saved.countryDelays, { country: "fr", delayDays: "3" }, { country: "", delayDays: "" }],
      exclusions: { ...saved.exclusions, orderTags: "gift, , wholesale ", minOrderTotal: "25" },
      frequencyCapDays: "0",
    };
    expect(changedFields(saved, edited)).toEqual({
      sendWindow: { start: "09:00", end: "20:00", days: [1, 5] },
      countryDelays: [{ country: "US", delayDays: 12 }, { country: "FR", delayDays: 3 }],
      exclusions: { orderTags: ["gift", "wholesale"], customerTags: [], productIds: [], vendors: [], channels: ["pos"], minOrderTotal: 25, requireMarketingConsent: false },
      frequencyCapDays: 0,
    });
    // Content equal to what was saved is no change, even as a new object.
    expect(changedFields(saved, { ...saved, exclusions: { ...saved.exclusions } })).toEqual({});
    expect(changedFields(saved, { ...saved, sendWindow: { ...saved.sendWindow, enabled: false } })).toEqual({});
  });

  it("sends a number the merchant mistyped as typed, so the API names the field", () => {
    const saved = toForm(settings);
    expect(changedFields(saved, { ...saved, delayDays: "seven" })).toEqual({ delayDays: "seven" });
  });
});
