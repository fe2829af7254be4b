import type { PagePhrases } from "../page-wording.ts";

export const fr: PagePhrases = {
  forged: {
    title: "Ce lien n'est pas valide",
    paragraphs: ["Ce lien a été modifié ou ne vient pas de nous : il ne peut pas être utilisé.", "Veuillez utiliser le lien exactement tel qu'il figure dans votre e-mail."],
  },
  expired: {
    title: "Ce lien a expiré",
    paragraphs: [
      "Les liens « Vous n'avez pas encore reçu votre commande ? » fonctionnent pendant {days} jours après l'envoi de l'e-mail.",
      "Si votre commande pose un problème, veuillez contacter directement la boutique.",
    ],
  },
  gone: {
    title: "Ce lien n'est plus valide",
    paragraphs: ["L'invitation à laquelle ce lien appartient n'existe plus. Vous n'avez rien d'autre à faire."],
  },
  failed: {
    title: "Un problème est survenu",
    paragraphs: ["Nous n'avons pas pu traiter votre demande pour le moment. Veuillez réessayer le lien dans quelques minutes."],
  },
  unsubscribed: { title: "Vous êtes désabonné(e)", paragraphs: ["Vous ne recevrez plus d'invitations à donner un avis de {shop}."] },
  unsubscribeAsk: {
    title: "Se désabonner des invitations à donner un avis de {shop} ?",
    paragraphs: ["Vous ne recevrez plus d'e-mails de {shop} vous demandant de donner votre avis sur vos commandes."],
    button: "Se désabonner",
  },
  notReceived: {
    title: "Vous n'avez pas encore reçu votre commande ?",
    paragraphs: [
      "Nous en sommes désolés. Si votre commande {order} chez {shop} n'est pas arrivée, nous attendrons encore {days} jours avant de vous demander votre avis.",
      "Rien n'est annulé : vous pouvez toujours donner votre avis quand vous le souhaitez.",
    ],
    button: "Me redemander dans {days} jours",
  },
  postponed: {
    title: "Merci, nous vous le redemanderons plus tard",
    paragraphs: ["Nous vous demanderons votre avis sur {shop} le {date}, quand votre commande devrait être arrivée."],
  },
  sending: {
    title: "Veuillez réessayer dans une minute",
    paragraphs: ["Votre invitation est en cours d'envoi. Veuillez réutiliser le lien dans une minute."],
  },
  alreadyMoved: {
    title: "La date a déjà été repoussée",
    once: "Vous nous avez déjà demandé d'attendre une fois : l'invitation reste telle quelle.",
    many: "Vous nous avez déjà demandé d'attendre {count} fois : l'invitation reste telle quelle.",
    contact: "Si votre commande pose un problème, veuillez contacter directement {shop}.",
  },
  nothingToChange: { title: "Rien à modifier", paragraphs: ["Aucune invitation à donner un avis de {shop} n'attend de vous être envoyée."] },
  reviewForged: {
    title: "Ce lien n'est pas valide",
    paragraphs: ["Ce lien a été modifié ou ne vient pas de nous : il ne peut pas être utilisé.", "Veuillez utiliser le lien d'avis exactement tel qu'il figure dans votre e-mail."],
  },
  reviewGone: {
    title: "Ce lien n'est plus valide",
    paragraphs: ["L'invitation à laquelle ce lien appartient n'existe plus. Si vous souhaitez donner un avis, rendez-vous directement sur la boutique."],
  },
  reviewFailed: {
    title: "Un problème est survenu",
    paragraphs: ["Nous n'avons pas pu ouvrir la page d'avis pour le moment. Veuillez réessayer le lien dans quelques minutes."],
  },
  reviewExpired: {
    title: "Ce lien a expiré",
    paragraphs: ["Les liens d'avis fonctionnent pendant {days} jours après l'envoi de l'e-mail.", "Vous pouvez toujours donner votre avis sur votre commande : rendez-vous directement sur la boutique {shop}."],
  },
};
