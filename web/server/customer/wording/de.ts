import type { PagePhrases } from "../page-wording.ts";

export const de: PagePhrases = {
  forged: {
    title: "Dieser Link ist ungültig",
    paragraphs: ["Dieser Link wurde verändert oder stammt nicht von uns und kann daher nicht verwendet werden.", "Bitte verwenden Sie den Link genau so, wie er in Ihrer E-Mail steht."],
  },
  expired: {
    title: "Dieser Link ist abgelaufen",
    paragraphs: [
      "Links „Ihre Bestellung ist noch nicht angekommen?“ sind {days} Tage nach dem Versand der E-Mail gültig.",
      "Wenn mit Ihrer Bestellung etwas nicht stimmt, wenden Sie sich bitte direkt an den Shop.",
    ],
  },
  gone: {
    title: "Dieser Link ist nicht mehr gültig",
    paragraphs: ["Die Einladung, zu der dieser Link gehört, existiert nicht mehr. Sie müssen nichts weiter tun."],
  },
  failed: {
    title: "Etwas ist schiefgelaufen",
    paragraphs: ["Wir konnten Ihre Anfrage gerade nicht ausführen. Bitte versuchen Sie den Link in ein paar Minuten erneut."],
  },
  unsubscribed: { title: "Sie sind abgemeldet", paragraphs: ["Sie erhalten keine Bewertungseinladungen von {shop} mehr."] },
  unsubscribeAsk: {
    title: "Von Bewertungseinladungen von {shop} abmelden?",
    paragraphs: ["Sie erhalten dann keine E-Mails mehr von {shop}, in denen Sie um eine Bewertung Ihrer Bestellungen gebeten werden."],
    button: "Abmelden",
  },
  notReceived: {
    title: "Ihre Bestellung ist noch nicht angekommen?",
    paragraphs: [
      "Das tut uns leid. Wenn Ihre Bestellung {order} bei {shop} noch nicht angekommen ist, warten wir noch {days} Tage, bevor wir Sie um Ihre Bewertung bitten.",
      "Es wird nichts storniert: Sie können Ihre Erfahrung jederzeit bewerten.",
    ],
    button: "In {days} Tagen noch einmal fragen",
  },
  postponed: {
    title: "Danke, wir fragen später noch einmal",
    paragraphs: ["Wir bitten Sie am {date} um Ihre Bewertung von {shop}, wenn Ihre Bestellung angekommen sein sollte."],
  },
  sending: {
    title: "Bitte versuchen Sie es in einer Minute erneut",
    paragraphs: ["Ihre Einladung wird gerade versendet. Bitte verwenden Sie den Link in einer Minute erneut."],
  },
  alreadyMoved: {
    title: "Das Datum wurde bereits verschoben",
    once: "Sie haben uns bereits einmal gebeten zu warten, daher bleibt die Einladung unverändert.",
    many: "Sie haben uns bereits {count}-mal gebeten zu warten, daher bleibt die Einladung unverändert.",
    contact: "Wenn mit Ihrer Bestellung etwas nicht stimmt, wenden Sie sich bitte direkt an {shop}.",
  },
  nothingToChange: { title: "Nichts zu ändern", paragraphs: ["Es wartet keine Bewertungseinladung von {shop} darauf, an Sie gesendet zu werden."] },
  reviewForged: {
    title: "Dieser Link ist ungültig",
    paragraphs: ["Dieser Link wurde verändert oder stammt nicht von uns und kann daher nicht verwendet werden.", "Bitte verwenden Sie den Bewertungslink genau so, wie er in Ihrer E-Mail steht."],
  },
  reviewGone: {
    title: "Dieser Link ist nicht mehr gültig",
    paragraphs: ["Die Einladung, zu der dieser Link gehört, existiert nicht mehr. Wenn Sie eine Bewertung abgeben möchten, besuchen Sie bitte direkt den Shop."],
  },
  reviewFailed: {
    title: "Etwas ist schiefgelaufen",
    paragraphs: ["Wir konnten die Bewertungsseite gerade nicht öffnen. Bitte versuchen Sie den Link in ein paar Minuten erneut."],
  },
  reviewExpired: {
    title: "Dieser Link ist abgelaufen",
    paragraphs: ["Bewertungslinks sind {days} Tage nach dem Versand der E-Mail gültig.", "Sie können Ihre Bestellung trotzdem gern bewerten: Besuchen Sie bitte direkt den Shop von {shop}."],
  },
};
