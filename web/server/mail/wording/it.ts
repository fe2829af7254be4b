import type { Phrases } from "../wording.ts";

export const it: Phrases = {
  subject: "Com'è andato il tuo ordine {{ order_name }} da {{ shop_name }}?",
  greeting: 'Ciao{% if customer_name != "" %} {{ customer_name }}{% endif %},',
  thanks: "grazie per il tuo ordine {{ order_name }}.",
  ask: "Ci piacerebbe sapere com'è andata.",
  productButton: "Recensisci",
  reviewButton: "Scrivi una recensione",
  signOff: "Grazie,",
  notice:
    "Questo messaggio è stato inviato automaticamente dopo il tuo ordine. Se ti è arrivato per errore, ad esempio " +
    "perché il tuo ordine è stato annullato, ci scusiamo. Sei comunque invitato a recensire la tua esperienza con noi.",
  reminderSubject: "Un breve promemoria: com'è andato il tuo ordine {{ order_name }} da {{ shop_name }}?",
  reminderAsk:
    "Qualche giorno fa ti abbiamo chiesto com'è andato il tuo ordine {{ order_name }}.\n" +
    "Se hai un minuto, la tua recensione aiuterebbe molto noi e gli altri clienti.",
  reminderOnlyOne: "Questo è l'unico promemoria che ti invieremo per questo ordine.",
  notReceived: ["Non hai ancora ricevuto il tuo ordine? ", "Faccelo sapere", " e te lo chiederemo più avanti."],
  unsubscribe: ["", "Annulla l'iscrizione", " agli inviti a lasciare una recensione di {shop}."],
};
