/**
 * Issue 18, the customer's language: an order's `customer_locale` picks the email's language
 * (else the shop's primary language, else English), from the signed webhook to the email the
 * SMTP server receives; the merchant edits each language in the settings, previews it and
 * sends a test of it.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runOnce } from "../web/server/dispatch/run-once.ts";
import type { MailTransport } from "../web/server/mail/transport.ts";
import { renderInvitation, SAMPLE_FACTS, SAMPLE_LINKS } from "../web/server/mail/templates.ts";
import { emailLocaleFor, PHRASES, WORDING } from "../web/server/mail/wording.ts";
import { APP_LOCALES } from "../web/shared/locales.ts";
import { adminClient } from "./support/admin-fixtures.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { expectCountersMatchRows, sinkTransport, T0 } from "./support/dispatch.ts";
import { fixture, sendWebhook, TEST_SHOP } from "./support/shopify.ts";
import { startSmtpSink, type ReceivedMessage, type SmtpSink } from "./support/smtp.ts";

const ORDER_ID = "820982911946154508";

let sink: SmtpSink;
let t: TestApp;
let transport: MailTransport;

beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink.close();
});
beforeEach(async () => {
  sink.messages.length = 0;
  sink.onRecipient = () => ({ kind: "accept" });
  t = await createTestApp({ now: T0, config: { SMTP_URL: sink.url } });
  transport = sinkTransport(sink);
  // Invited when the order is created, due at once (the sample order is from 2021).
  await t.db.shop.create({ data: { domain: TEST_SHOP, name: "Maison Test", trigger: "order_created", delayDays: 1 } });
});
afterEach(async () => {
  await expectCountersMatchRows(t.db);
  await transport.close();
  await t.close();
});

/** Shopify's sample order, live, for one customer speaking `locale`. */
function orderIn(locale: string | null, n: number): string {
  return fixture("orders.create")
    .replace('"test": true', '"test": false')
    .replace('"cancelled_at": "2021-12-31T19:00:00-05:00"', '"cancelled_at": null')
    .replaceAll(ORDER_ID, String(BigInt(ORDER_ID) + BigInt(n)))
    .replace('"email": "jon@example.com"', `"email": "customer${n}@example.com"`)
    .replace('"customer_locale": "en"', `"customer_locale": ${JSON.stringify(locale)}`);
}

/** Each order through the signed webhook, then one dispatcher pass: the emails, by recipient. */
async function emailsFor(locales: (string | null)[]): Promise<ReceivedMessage[]> {
  for (const [i, locale] of locales.entries()) {
    const res = await sendWebhook(t.app, "orders/create", orderIn(locale, i + 1));
    expect(res.body.outcome).toBe("invitation_created");
  }
  await runOnce({ db: t.db, transport, config: t.config, clock: () => t.clock.now });
  expect(sink.messages).toHaveLength(locales.length);
  return locales.map((_, i) => sink.messages.find((m) => m.to[0] === `customer${i + 1}@example.com`)!);
}

describe("the language of an invitation", () => {
  it("is the order's: a French and a Japanese order get their language's subject, body, notice and footer; an unknown language gets the shop's", async () => {
    const [french, japanese, korean] = await emailsFor(["fr", "ja", "ko-KR"]);

    expect(french!.subject).toBe("Comment s'est passée votre commande #9999 chez Maison Test ?");
    expect(french!.html).toContain("Bonjour John Smith,");
    expect(french!.html).toContain("Laisser un avis");
    expect(french!.text).toContain(WORDING.fr.notice);
    expect(french!.text).toContain("Vous n'avez pas encore reçu votre commande ? Dites-le-nous (");
    expect(french!.text).toMatch(/Se désabonner \(https:\/\/[^)]+\/r\/unsubscribe\/[^)]+\) des invitations à donner un avis de Maison Test\./);
    expect(french!.text).not.toContain("Unsubscribe");

    expect(japanese!.subject).toBe("Maison Testでのご注文#9999はいかがでしたか？");
    expect(japanese!.html).toContain("John Smith様");
    expect(japanese!.html).toContain("レビューを書く");
    expect(japanese!.text).toContain(WORDING.ja.notice);
    expect(japanese!.text).toMatch(/Maison Testからのレビュー依頼の配信停止 \(https:\/\/[^)]+\)はこちらから。/);

    // Korean is not shipped: the shop's primary language (English by default).
    expect(korean!.subject).toBe("How was your order #9999 from Maison Test?");
    expect(korean!.text).toContain(WORDING.en.notice);

    // The stored invitation keeps the order's locale as Shopify sent it.
    expect((await t.db.invitation.findMany({ orderBy: { id: "asc" } })).map((i) => i.locale)).toEqual(["fr", "ja", "ko-KR"]);
  });

  it("uses the merchant's words for a language they edited, that language's defaults for the fields they left empty, and the primary language for the rest", async () => {
    const admin = await adminClient(t.app);
    await admin
      .put("/api/settings", {
        primaryLocale: "de",
        translations: { fr: { emailSubject: "Votre avis sur {{ order_name }}, {{ customer_name }} ?" } },
      })
      .expect(200);

    const [french, japanese, unknown, none] = await emailsFor(["fr-CA", "ja-JP", "ko", null]);
    expect(french!.subject).toBe("Votre avis sur #9999, John Smith ?");
    expect(french!.html).toContain("Merci pour votre commande #9999"); // the French default body
    expect(japanese!.subject).toBe("Maison Testでのご注文#9999はいかがでしたか？");
    // No language of its own, or none at all: the shop's primary language, German.
    expect(unknown!.subject).toBe("Wie war Ihre Bestellung #9999 bei Maison Test?");
    expect(none!.text).toContain(WORDING.de.notice);
  });
});

describe("choosing the language", () => {
  it("takes the closest shipped language of the order, then of the shop, then English", () => {
    expect(emailLocaleFor("fr-CA", "en")).toBe("fr");
    expect(emailLocaleFor("ja", "en")).toBe("ja");
    expect(emailLocaleFor("pt-PT", "en")).toBe("pt-BR");
    expect(emailLocaleFor("PT_br", "en")).toBe("pt-BR");
    expect(emailLocaleFor("ko", "de")).toBe("de");
    expect(emailLocaleFor(null, "nl-BE")).toBe("nl");
    expect(emailLocaleFor("ko", "ko")).toBe("en");
    expect(emailLocaleFor("", null)).toBe("en");
  });

  it("ships every language's invitation and reminder, each rendering with the sample order and its own notice and footer", async () => {
    for (const locale of APP_LOCALES) {
      const settings = { domain: "sample-shop.myshopify.com", name: "Sample Shop", emailSubject: null, emailBody: null, noticeEnabled: true, noticeText: null, reviewUrl: null, locale };
      for (const kind of ["invitation", "reminder"] as const) {
        const email = await renderInvitation(settings, SAMPLE_FACTS, SAMPLE_LINKS, kind);
        const wording = WORDING[locale];
        expect(email.subject, `${locale} ${kind}`).toContain("#1001");
        expect(email.html, `${locale} ${kind}`).toContain("Alex Example");
        expect(email.html, `${locale} ${kind}`).toContain("Linen shirt");
        // The products block, with this language's button on each product.
        expect(email.html.split(`>${PHRASES[locale].productButton}</a>`).length - 1, `${locale} ${kind}`).toBe(2);
        expect(email.text, `${locale} ${kind}`).toContain(wording.notice);
        expect(email.text, `${locale} ${kind}`).toContain(`${wording.unsubscribe[1]} (${SAMPLE_LINKS.unsubscribe})`);
        if (kind === "reminder") expect(email.subject, locale).not.toBe((await renderInvitation(settings, SAMPLE_FACTS, SAMPLE_LINKS)).subject);
      }
    }
  });
});

describe("editing each language in the settings", () => {
  it("keeps each language's words apart, refuses a translation of the primary language and names the broken template's language and field", async () => {
    const admin = await adminClient(t.app);
    const saved = await admin.put("/api/settings", { translations: { ja: { emailSubject: "ご注文{{ order_name }}のレビュー", reminderBody: "<p>{{ review_link }}</p>" } } }).expect(200);
    expect(saved.body.settings.primaryLocale).toBe("en");
    expect(saved.body.settings.translations.ja).toEqual({ emailSubject: "ご注文{{ order_name }}のレビュー", emailBody: null, noticeText: null, reminderSubject: null, reminderBody: "<p>{{ review_link }}</p>" });
    expect(saved.body.settings.translations.fr.emailSubject).toBeNull();
    expect(saved.body.settings.translations.en).toBeUndefined();

    // A later PUT of another field keeps the first.
    await admin.put("/api/settings", { translations: { ja: { emailBody: "<p>{{ customer_name }}様</p>" } } }).expect(200);
    const read = (await admin.get("/api/settings").expect(200)).body.settings;
    expect(read.translations.ja).toMatchObject({ emailSubject: "ご注文{{ order_name }}のレビュー", emailBody: "<p>{{ customer_name }}様</p>" });

    const ownLanguage = await admin.put("/api/settings", { translations: { en: { emailSubject: "Hi" } } }).expect(422);
    expect(ownLanguage.body.error.field).toBe("translations.en");
    expect(ownLanguage.body.error.message).toContain("English is the shop's primary language");

    const broken = await admin.put("/api/settings", { translations: { fr: { emailBody: "<p>{{ custmer_name }}</p>" } } }).expect(422);
    expect(broken.body.error.field).toBe("translations.fr.emailBody");
    expect(broken.body.error.message).toContain("French");
    expect(broken.body.error.message).toContain("custmer_name");

    const unknown = await admin.put("/api/settings", { translations: { ko: { emailSubject: "x" } } }).expect(422);
    expect(unknown.body.error.message).toContain("Unknown language: translations.ko; the languages are en, fr, de, es, it, nl, pt-BR, ja.");
  });

  it("moves the words with the primary language: the old primary's become its translation, the new one's the template fields", async () => {
    const admin = await adminClient(t.app);
    await admin.put("/api/settings", { emailSubject: "English words {{ order_name }}", translations: { fr: { emailSubject: "Mots français {{ order_name }}" } } }).expect(200);
    const switched = (await admin.put("/api/settings", { primaryLocale: "fr" }).expect(200)).body.settings;
    expect(switched.primaryLocale).toBe("fr");
    expect(switched.emailSubject).toBe("Mots français {{ order_name }}");
    expect(switched.translations.en.emailSubject).toBe("English words {{ order_name }}");
    expect(switched.translations.fr).toBeUndefined();

    // The emails follow: an English order still gets the English words.
    const [english, french] = await emailsFor(["en", "fr"]);
    expect(english!.subject).toBe("English words #9999");
    expect(french!.subject).toBe("Mots français #9999");
  });

  it("previews and test-sends the language the merchant is editing, with that language's saved words under the unsaved ones", async () => {
    const admin = await adminClient(t.app);
    await admin.put("/api/settings", { translations: { ja: { emailSubject: "保存済み {{ order_name }}" } } }).expect(200);

    const preview = (await admin.post("/api/settings/preview", { locale: "ja" }).expect(200)).body;
    expect(preview.locale).toBe("ja");
    expect(preview.subject).toBe("保存済み #1001");
    expect(preview.html).toContain("レビューする");

    const unsaved = (await admin.post("/api/settings/preview", { locale: "ja", emailSubject: "未保存 {{ order_name }}" }).expect(200)).body;
    expect(unsaved.subject).toBe("未保存 #1001");

    const reminder = (await admin.post("/api/settings/reminder-preview", { locale: "fr" }).expect(200)).body;
    expect(reminder.subject).toBe("Petit rappel : comment s'est passée votre commande #1001 chez Maison Test ?");

    await admin.post("/api/settings/test-email", { to: "me@example.com", locale: "fr" }).expect(200);
    expect(sink.messages.at(-1)!.subject).toBe("[Test] Comment s'est passée votre commande #1001 chez Maison Test ?");
    expect(sink.messages.at(-1)!.text).toContain(WORDING.fr.notice);
  });
});
