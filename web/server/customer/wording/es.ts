import type { PagePhrases } from "../page-wording.ts";

export const es: PagePhrases = {
  forged: {
    title: "Este enlace no es válido",
    paragraphs: ["Este enlace se ha modificado o no lo hemos creado nosotros, así que no se puede usar.", "Usa el enlace exactamente como aparece en tu correo."],
  },
  expired: {
    title: "Este enlace ha caducado",
    paragraphs: [
      "Los enlaces «¿Aún no has recibido tu pedido?» funcionan durante {days} días después del envío del correo.",
      "Si hay algún problema con tu pedido, ponte en contacto directamente con la tienda.",
    ],
  },
  gone: {
    title: "Este enlace ya no es válido",
    paragraphs: ["La invitación a la que pertenece este enlace ya no existe. No tienes que hacer nada más."],
  },
  failed: {
    title: "Algo ha salido mal",
    paragraphs: ["No hemos podido completar tu solicitud en este momento. Vuelve a probar el enlace dentro de unos minutos."],
  },
  unsubscribed: { title: "Te has dado de baja", paragraphs: ["Ya no recibirás invitaciones a reseñas de {shop}."] },
  unsubscribeAsk: {
    title: "¿Darte de baja de las invitaciones a reseñas de {shop}?",
    paragraphs: ["Ya no recibirás correos de {shop} pidiéndote que valores tus pedidos."],
    button: "Darse de baja",
  },
  notReceived: {
    title: "¿Aún no has recibido tu pedido?",
    paragraphs: [
      "Lo sentimos. Si tu pedido {order} de {shop} no ha llegado, esperaremos {days} días más antes de pedirte tu reseña.",
      "No se cancela nada: puedes valorar tu experiencia cuando quieras.",
    ],
    button: "Preguntarme de nuevo en {days} días",
  },
  postponed: {
    title: "Gracias, te lo preguntaremos más adelante",
    paragraphs: ["Te pediremos tu reseña de {shop} el {date}, cuando tu pedido ya debería haber llegado."],
  },
  sending: {
    title: "Vuelve a intentarlo en un minuto",
    paragraphs: ["Tu invitación se está enviando ahora mismo. Vuelve a usar el enlace dentro de un minuto."],
  },
  alreadyMoved: {
    title: "La fecha ya se ha cambiado",
    once: "Ya nos pediste que esperáramos una vez, así que la invitación se queda como está.",
    many: "Ya nos pediste que esperáramos {count} veces, así que la invitación se queda como está.",
    contact: "Si hay algún problema con tu pedido, ponte en contacto directamente con {shop}.",
  },
  nothingToChange: { title: "Nada que cambiar", paragraphs: ["No hay ninguna invitación a reseñas de {shop} pendiente de enviarte."] },
  reviewForged: {
    title: "Este enlace no es válido",
    paragraphs: ["Este enlace se ha modificado o no lo hemos creado nosotros, así que no se puede usar.", "Usa el enlace de reseña exactamente como aparece en tu correo."],
  },
  reviewGone: {
    title: "Este enlace ya no es válido",
    paragraphs: ["La invitación a la que pertenece este enlace ya no existe. Si quieres dejar una reseña, visita directamente la tienda."],
  },
  reviewFailed: {
    title: "Algo ha salido mal",
    paragraphs: ["No hemos podido abrir la página de reseñas en este momento. Vuelve a probar el enlace dentro de unos minutos."],
  },
  reviewExpired: {
    title: "Este enlace ha caducado",
    paragraphs: ["Los enlaces de reseña funcionan durante {days} días después del envío del correo.", "Aun así, puedes valorar tu pedido: visita directamente la tienda de {shop}."],
  },
};
