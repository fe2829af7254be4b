import type { Phrases } from "../wording.ts";

export const en: Phrases = {
  subject: "How was your order {{ order_name }} from {{ shop_name }}?",
  greeting: 'Hi {{ customer_name | default: "there" }},',
  thanks: "Thank you for your order {{ order_name }}.",
  ask: "We would love to hear how it went.",
  productButton: "Review",
  reviewButton: "Write a review",
  signOff: "Thank you,",
  notice:
    "This message was sent automatically after your order. If it reached you in error, for example " +
    "because your order was cancelled, we apologise. You are still welcome to review your experience with us.",
  reminderSubject: "A quick reminder: how was your order {{ order_name }} from {{ shop_name }}?",
  reminderAsk:
    "A few days ago we asked how your order {{ order_name }} went.\n" +
    "If you have a minute, your review would help us and other customers a lot.",
  reminderOnlyOne: "This is the only reminder we will send about this order.",
  notReceived: ["Haven't received your order yet? ", "Let us know", " and we will ask you later."],
  unsubscribe: ["", "Unsubscribe", " from review invitations from {shop}."],
};
