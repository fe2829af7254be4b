import type { Phrases } from "../wording.ts";

export const de: Phrases = {
  subject: "Wie war Ihre Bestellung {{ order_name }} bei {{ shop_name }}?",
  greeting: 'Hallo{% if customer_name != "" %} {{ customer_name }}{% endif %},',
  thanks: "vielen Dank für Ihre Bestellung {{ order_name }}.",
  ask: "Wir würden gern erfahren, wie alles gelaufen ist.",
  productButton: "Bewerten",
  reviewButton: "Bewertung schreiben",
  signOff: "Vielen Dank,",
  notice:
    "Diese Nachricht wurde nach Ihrer Bestellung automatisch versendet. Falls sie Sie irrtümlich erreicht hat, zum Beispiel " +
    "weil Ihre Bestellung storniert wurde, bitten wir um Entschuldigung. Sie sind trotzdem herzlich eingeladen, Ihre Erfahrung mit uns zu bewerten.",
  reminderSubject: "Eine kurze Erinnerung: Wie war Ihre Bestellung {{ order_name }} bei {{ shop_name }}?",
  reminderAsk:
    "vor ein paar Tagen haben wir Sie gefragt, wie Ihre Bestellung {{ order_name }} gelaufen ist.\n" +
    "Wenn Sie eine Minute Zeit haben, hilft Ihre Bewertung uns und anderen Kunden sehr.",
  reminderOnlyOne: "Dies ist die einzige Erinnerung, die wir zu dieser Bestellung senden.",
  notReceived: ["Ihre Bestellung ist noch nicht angekommen? ", "Sagen Sie uns Bescheid", ", dann fragen wir Sie später noch einmal."],
  unsubscribe: ["", "Abmelden", " von Bewertungseinladungen von {shop}."],
};
