import type { PagePhrases } from "../page-wording.ts";

export const it: PagePhrases = {
  forged: {
    title: "Questo link non è valido",
    paragraphs: ["Questo link è stato modificato o non è stato creato da noi, quindi non può essere usato.", "Usa il link esattamente come appare nella tua email."],
  },
  expired: {
    title: "Questo link è scaduto",
    paragraphs: [
      "I link «Non hai ancora ricevuto il tuo ordine?» funzionano per {days} giorni dall'invio dell'email.",
      "Se c'è un problema con il tuo ordine, contatta direttamente il negozio.",
    ],
  },
  gone: {
    title: "Questo link non è più valido",
    paragraphs: ["L'invito a cui appartiene questo link non esiste più. Non devi fare altro."],
  },
  failed: {
    title: "Si è verificato un problema",
    paragraphs: ["Non siamo riusciti a completare la tua richiesta in questo momento. Riprova il link tra qualche minuto."],
  },
  unsubscribed: { title: "Hai annullato l'iscrizione", paragraphs: ["Non riceverai più inviti a lasciare una recensione da {shop}."] },
  unsubscribeAsk: {
    title: "Annullare l'iscrizione agli inviti a lasciare una recensione di {shop}?",
    paragraphs: ["Non riceverai più email da {shop} che ti chiedono di recensire i tuoi ordini."],
    button: "Annulla l'iscrizione",
  },
  notReceived: {
    title: "Non hai ancora ricevuto il tuo ordine?",
    paragraphs: [
      "Ci dispiace. Se il tuo ordine {order} da {shop} non è ancora arrivato, aspetteremo altri {days} giorni prima di chiederti una recensione.",
      "Non viene annullato nulla: puoi recensire la tua esperienza quando vuoi.",
    ],
    button: "Chiedimelo di nuovo tra {days} giorni",
  },
  postponed: {
    title: "Grazie, te lo chiederemo più avanti",
    paragraphs: ["Ti chiederemo una recensione di {shop} il {date}, quando il tuo ordine dovrebbe essere arrivato."],
  },
  sending: {
    title: "Riprova tra un minuto",
    paragraphs: ["Il tuo invito è in fase di invio proprio ora. Usa di nuovo il link tra un minuto."],
  },
  alreadyMoved: {
    title: "La data è già stata spostata",
    once: "Ci hai già chiesto di aspettare una volta, quindi l'invito resta com'è.",
    many: "Ci hai già chiesto di aspettare {count} volte, quindi l'invito resta com'è.",
    contact: "Se c'è un problema con il tuo ordine, contatta direttamente {shop}.",
  },
  nothingToChange: { title: "Niente da modificare", paragraphs: ["Non c'è nessun invito a lasciare una recensione da {shop} in attesa di esserti inviato."] },
  reviewForged: {
    title: "Questo link non è valido",
    paragraphs: ["Questo link è stato modificato o non è stato creato da noi, quindi non può essere usato.", "Usa il link per la recensione esattamente come appare nella tua email."],
  },
  reviewGone: {
    title: "Questo link non è più valido",
    paragraphs: ["L'invito a cui appartiene questo link non esiste più. Se vuoi lasciare una recensione, visita direttamente il negozio."],
  },
  reviewFailed: {
    title: "Si è verificato un problema",
    paragraphs: ["Non siamo riusciti ad aprire la pagina delle recensioni in questo momento. Riprova il link tra qualche minuto."],
  },
  reviewExpired: {
    title: "Questo link è scaduto",
    paragraphs: ["I link per le recensioni funzionano per {days} giorni dall'invio dell'email.", "Puoi comunque recensire il tuo ordine: visita direttamente il negozio di {shop}."],
  },
};
