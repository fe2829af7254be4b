import type { PagePhrases } from "../page-wording.ts";

export const ptBR: PagePhrases = {
  forged: {
    title: "Este link não é válido",
    paragraphs: ["Este link foi alterado ou não foi criado por nós, por isso não pode ser usado.", "Use o link exatamente como ele aparece no seu e-mail."],
  },
  expired: {
    title: "Este link expirou",
    paragraphs: [
      "Os links “Ainda não recebeu o seu pedido?” funcionam por {days} dias após o envio do e-mail.",
      "Se houver algum problema com o seu pedido, entre em contato diretamente com a loja.",
    ],
  },
  gone: {
    title: "Este link não é mais válido",
    paragraphs: ["O convite ao qual este link pertence não existe mais. Não há mais nada a fazer."],
  },
  failed: {
    title: "Algo deu errado",
    paragraphs: ["Não conseguimos concluir a sua solicitação agora. Tente o link novamente em alguns minutos."],
  },
  unsubscribed: { title: "Sua inscrição foi cancelada", paragraphs: ["Você não receberá mais convites para avaliações de {shop}."] },
  unsubscribeAsk: {
    title: "Cancelar a inscrição nos convites para avaliações de {shop}?",
    paragraphs: ["Você não receberá mais e-mails de {shop} pedindo que avalie os seus pedidos."],
    button: "Cancelar inscrição",
  },
  notReceived: {
    title: "Ainda não recebeu o seu pedido?",
    paragraphs: [
      "Sentimos muito. Se o seu pedido {order} na {shop} ainda não chegou, vamos esperar mais {days} dias antes de pedir a sua avaliação.",
      "Nada foi cancelado: você pode avaliar a sua experiência quando quiser.",
    ],
    button: "Pergunte-me de novo em {days} dias",
  },
  postponed: {
    title: "Obrigado, perguntaremos mais tarde",
    paragraphs: ["Pediremos a sua avaliação de {shop} em {date}, quando o seu pedido já deverá ter chegado."],
  },
  sending: {
    title: "Tente novamente em um minuto",
    paragraphs: ["O seu convite está sendo enviado agora. Use o link novamente em um minuto."],
  },
  alreadyMoved: {
    title: "A data já foi adiada",
    once: "Você já nos pediu para esperar uma vez, por isso o convite continua como está.",
    many: "Você já nos pediu para esperar {count} vezes, por isso o convite continua como está.",
    contact: "Se houver algum problema com o seu pedido, entre em contato diretamente com {shop}.",
  },
  nothingToChange: { title: "Nada a alterar", paragraphs: ["Não há nenhum convite para avaliação de {shop} aguardando envio para você."] },
  reviewForged: {
    title: "Este link não é válido",
    paragraphs: ["Este link foi alterado ou não foi criado por nós, por isso não pode ser usado.", "Use o link de avaliação exatamente como ele aparece no seu e-mail."],
  },
  reviewGone: {
    title: "Este link não é mais válido",
    paragraphs: ["O convite ao qual este link pertence não existe mais. Se quiser deixar uma avaliação, visite a loja diretamente."],
  },
  reviewFailed: {
    title: "Algo deu errado",
    paragraphs: ["Não conseguimos abrir a página de avaliação agora. Tente o link novamente em alguns minutos."],
  },
  reviewExpired: {
    title: "Este link expirou",
    paragraphs: ["Os links de avaliação funcionam por {days} dias após o envio do e-mail.", "Você ainda pode avaliar o seu pedido: visite diretamente a loja {shop}."],
  },
};
