import type { Phrases } from "../wording.ts";

export const fr: Phrases = {
  subject: "Comment s'est passée votre commande {{ order_name }} chez {{ shop_name }} ?",
  greeting: 'Bonjour{% if customer_name != "" %} {{ customer_name }}{% endif %},',
  thanks: "Merci pour votre commande {{ order_name }}.",
  ask: "Nous aimerions beaucoup savoir comment elle s'est passée.",
  productButton: "Donner mon avis",
  reviewButton: "Laisser un avis",
  signOff: "Merci,",
  notice:
    "Ce message a été envoyé automatiquement après votre commande. S'il vous est parvenu par erreur, par exemple " +
    "parce que votre commande a été annulée, nous vous prions de nous en excuser. Vous pouvez tout de même donner votre avis sur votre expérience avec nous.",
  reminderSubject: "Petit rappel : comment s'est passée votre commande {{ order_name }} chez {{ shop_name }} ?",
  reminderAsk:
    "Il y a quelques jours, nous vous avons demandé comment s'était passée votre commande {{ order_name }}.\n" +
    "Si vous avez une minute, votre avis nous aiderait beaucoup, ainsi que nos autres clients.",
  reminderOnlyOne: "C'est le seul rappel que nous vous enverrons pour cette commande.",
  notReceived: ["Vous n'avez pas encore reçu votre commande ? ", "Dites-le-nous", " et nous vous le redemanderons plus tard."],
  unsubscribe: ["", "Se désabonner", " des invitations à donner un avis de {shop}."],
};
