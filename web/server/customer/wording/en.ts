import type { PagePhrases } from "../page-wording.ts";

export const en: PagePhrases = {
  forged: {
    title: "This link is not valid",
    paragraphs: ["This link has been changed or was not made by us, so it cannot be used.", "Please use the link exactly as it appears in your email."],
  },
  expired: {
    title: "This link has expired",
    paragraphs: [
      `"Haven't received your order yet?" links work for {days} days after the email was sent.`,
      "If something is wrong with your order, please contact the store directly.",
    ],
  },
  gone: {
    title: "This link is no longer valid",
    paragraphs: ["The invitation this link belongs to no longer exists. There is nothing more to do."],
  },
  failed: {
    title: "Something went wrong",
    paragraphs: ["We could not complete your request just now. Please try the link again in a few minutes."],
  },
  unsubscribed: { title: "You are unsubscribed", paragraphs: ["You will not receive review invitations from {shop} any more."] },
  unsubscribeAsk: {
    title: "Unsubscribe from {shop}'s review invitations?",
    paragraphs: ["You will no longer receive emails from {shop} asking you to review your orders."],
    button: "Unsubscribe",
  },
  notReceived: {
    title: "Haven't received your order yet?",
    paragraphs: [
      "Sorry about that. If your order {order} from {shop} has not arrived, we will wait {days} more days before asking for your review.",
      "Nothing is cancelled: you can still review your experience whenever you like.",
    ],
    button: "Ask me again in {days} days",
  },
  postponed: {
    title: "Thank you, we will ask later",
    paragraphs: ["We will ask for your review of {shop} on {date}, when your order should have arrived."],
  },
  sending: {
    title: "Please try again in a minute",
    paragraphs: ["Your invitation is being sent right now. Please use the link again in a minute."],
  },
  alreadyMoved: {
    title: "The date has already been moved",
    once: "You have already asked us to wait once, so the invitation stays as it is.",
    many: "You have already asked us to wait {count} times, so the invitation stays as it is.",
    contact: "If something is wrong with your order, please contact {shop} directly.",
  },
  nothingToChange: { title: "Nothing to change", paragraphs: ["There is no review invitation from {shop} waiting to be sent to you."] },
  reviewForged: {
    title: "This link is not valid",
    paragraphs: ["This link has been changed or was not made by us, so it cannot be used.", "Please use the review link exactly as it appears in your email."],
  },
  reviewGone: {
    title: "This link is no longer valid",
    paragraphs: ["The invitation this link belongs to no longer exists. If you would like to leave a review, please visit the store directly."],
  },
  reviewFailed: {
    title: "Something went wrong",
    paragraphs: ["We could not open the review page just now. Please try the link again in a few minutes."],
  },
  reviewExpired: {
    title: "This link has expired",
    paragraphs: ["Review links work for {days} days after the email was sent.", "You are still welcome to review your order: please visit {shop}'s store directly."],
  },
};
