import type { PagePhrases } from "../page-wording.ts";

export const nl: PagePhrases = {
  forged: {
    title: "Deze link is niet geldig",
    paragraphs: ["Deze link is gewijzigd of niet door ons gemaakt, dus hij kan niet worden gebruikt.", "Gebruik de link precies zoals hij in je e-mail staat."],
  },
  expired: {
    title: "Deze link is verlopen",
    paragraphs: [
      "Links ‘Heb je je bestelling nog niet ontvangen?’ werken {days} dagen nadat de e-mail is verstuurd.",
      "Is er iets mis met je bestelling? Neem dan rechtstreeks contact op met de winkel.",
    ],
  },
  gone: {
    title: "Deze link is niet meer geldig",
    paragraphs: ["De uitnodiging waar deze link bij hoort, bestaat niet meer. Je hoeft verder niets te doen."],
  },
  failed: {
    title: "Er ging iets mis",
    paragraphs: ["We konden je verzoek nu niet afronden. Probeer de link over een paar minuten opnieuw."],
  },
  unsubscribed: { title: "Je bent afgemeld", paragraphs: ["Je ontvangt geen reviewuitnodigingen meer van {shop}."] },
  unsubscribeAsk: {
    title: "Afmelden voor reviewuitnodigingen van {shop}?",
    paragraphs: ["Je ontvangt dan geen e-mails meer van {shop} waarin je wordt gevraagd je bestellingen te beoordelen."],
    button: "Afmelden",
  },
  notReceived: {
    title: "Heb je je bestelling nog niet ontvangen?",
    paragraphs: [
      "Dat spijt ons. Als je bestelling {order} bij {shop} nog niet is aangekomen, wachten we nog {days} dagen voordat we je om een review vragen.",
      "Er wordt niets geannuleerd: je kunt je ervaring beoordelen wanneer je wilt.",
    ],
    button: "Vraag het me over {days} dagen opnieuw",
  },
  postponed: {
    title: "Bedankt, we vragen het later opnieuw",
    paragraphs: ["We vragen je op {date} om een review van {shop}, wanneer je bestelling aangekomen zou moeten zijn."],
  },
  sending: {
    title: "Probeer het over een minuut opnieuw",
    paragraphs: ["Je uitnodiging wordt op dit moment verstuurd. Gebruik de link over een minuut opnieuw."],
  },
  alreadyMoved: {
    title: "De datum is al verschoven",
    once: "Je hebt ons al een keer gevraagd te wachten, dus de uitnodiging blijft zoals hij is.",
    many: "Je hebt ons al {count} keer gevraagd te wachten, dus de uitnodiging blijft zoals hij is.",
    contact: "Is er iets mis met je bestelling? Neem dan rechtstreeks contact op met {shop}.",
  },
  nothingToChange: { title: "Niets te wijzigen", paragraphs: ["Er wacht geen reviewuitnodiging van {shop} om naar je te worden verstuurd."] },
  reviewForged: {
    title: "Deze link is niet geldig",
    paragraphs: ["Deze link is gewijzigd of niet door ons gemaakt, dus hij kan niet worden gebruikt.", "Gebruik de reviewlink precies zoals hij in je e-mail staat."],
  },
  reviewGone: {
    title: "Deze link is niet meer geldig",
    paragraphs: ["De uitnodiging waar deze link bij hoort, bestaat niet meer. Wil je een review schrijven? Ga dan rechtstreeks naar de winkel."],
  },
  reviewFailed: {
    title: "Er ging iets mis",
    paragraphs: ["We konden de reviewpagina nu niet openen. Probeer de link over een paar minuten opnieuw."],
  },
  reviewExpired: {
    title: "Deze link is verlopen",
    paragraphs: ["Reviewlinks werken {days} dagen nadat de e-mail is verstuurd.", "Je kunt je bestelling nog steeds beoordelen: ga rechtstreeks naar de winkel van {shop}."],
  },
};
