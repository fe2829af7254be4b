import type { Phrases } from "../wording.ts";

export const ptBR: Phrases = {
  subject: "Como foi o seu pedido {{ order_name }} na {{ shop_name }}?",
  greeting: 'Olá{% if customer_name != "" %}, {{ customer_name }}{% endif %}!',
  thanks: "Obrigado pelo seu pedido {{ order_name }}.",
  ask: "Adoraríamos saber como foi a sua experiência.",
  productButton: "Avaliar",
  reviewButton: "Escrever uma avaliação",
  signOff: "Obrigado,",
  notice:
    "Esta mensagem foi enviada automaticamente após o seu pedido. Se ela chegou até você por engano, por exemplo " +
    "porque o seu pedido foi cancelado, pedimos desculpas. Você ainda pode avaliar a sua experiência conosco.",
  reminderSubject: "Um lembrete rápido: como foi o seu pedido {{ order_name }} na {{ shop_name }}?",
  reminderAsk:
    "Há alguns dias perguntamos como foi o seu pedido {{ order_name }}.\n" +
    "Se você tiver um minuto, a sua avaliação ajudaria muito a nós e a outros clientes.",
  reminderOnlyOne: "Este é o único lembrete que enviaremos sobre este pedido.",
  notReceived: ["Ainda não recebeu o seu pedido? ", "Avise-nos", " e perguntaremos mais tarde."],
  unsubscribe: ["", "Cancelar inscrição", " nos convites para avaliações de {shop}."],
};
