import type { Phrases } from "../wording.ts";

export const nl: Phrases = {
  subject: "Hoe was je bestelling {{ order_name }} bij {{ shop_name }}?",
  greeting: 'Hoi{% if customer_name != "" %} {{ customer_name }}{% endif %},',
  thanks: "Bedankt voor je bestelling {{ order_name }}.",
  ask: "We horen graag hoe het is bevallen.",
  productButton: "Beoordelen",
  reviewButton: "Schrijf een review",
  signOff: "Bedankt,",
  notice:
    "Dit bericht is automatisch verstuurd na je bestelling. Als het je per vergissing heeft bereikt, bijvoorbeeld " +
    "omdat je bestelling is geannuleerd, bieden we onze excuses aan. Je bent nog steeds van harte welkom om je ervaring met ons te beoordelen.",
  reminderSubject: "Een korte herinnering: hoe was je bestelling {{ order_name }} bij {{ shop_name }}?",
  reminderAsk:
    "Een paar dagen geleden vroegen we hoe je bestelling {{ order_name }} is bevallen.\n" +
    "Als je even tijd hebt, helpt je review ons en andere klanten enorm.",
  reminderOnlyOne: "Dit is de enige herinnering die we over deze bestelling sturen.",
  notReceived: ["Heb je je bestelling nog niet ontvangen? ", "Laat het ons weten", " en we vragen het je later opnieuw."],
  unsubscribe: ["", "Afmelden", " voor reviewuitnodigingen van {shop}."],
};
