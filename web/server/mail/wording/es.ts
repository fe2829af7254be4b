import type { Phrases } from "../wording.ts";

export const es: Phrases = {
  subject: "¿Qué tal tu pedido {{ order_name }} de {{ shop_name }}?",
  greeting: 'Hola{% if customer_name != "" %} {{ customer_name }}{% endif %}:',
  thanks: "Gracias por tu pedido {{ order_name }}.",
  ask: "Nos encantaría saber qué tal te fue.",
  productButton: "Valorar",
  reviewButton: "Escribir una reseña",
  signOff: "Gracias,",
  notice:
    "Este mensaje se envió automáticamente después de tu pedido. Si te ha llegado por error, por ejemplo " +
    "porque tu pedido se canceló, te pedimos disculpas. Aun así, te invitamos a valorar tu experiencia con nosotros.",
  reminderSubject: "Un breve recordatorio: ¿qué tal tu pedido {{ order_name }} de {{ shop_name }}?",
  reminderAsk:
    "Hace unos días te preguntamos qué tal fue tu pedido {{ order_name }}.\n" +
    "Si tienes un minuto, tu reseña nos ayudaría mucho a nosotros y a otros clientes.",
  reminderOnlyOne: "Este es el único recordatorio que te enviaremos sobre este pedido.",
  notReceived: ["¿Aún no has recibido tu pedido? ", "Avísanos", " y te lo preguntaremos más adelante."],
  unsubscribe: ["", "Darse de baja", " de las invitaciones a reseñas de {shop}."],
};
