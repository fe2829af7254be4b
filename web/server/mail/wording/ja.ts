import type { Phrases } from "../wording.ts";

export const ja: Phrases = {
  subject: "{{ shop_name }}でのご注文{{ order_name }}はいかがでしたか？",
  greeting: '{% if customer_name != "" %}{{ customer_name }}様{% else %}お客様へ{% endif %}',
  thanks: "このたびはご注文{{ order_name }}をいただき、誠にありがとうございました。",
  ask: "ご感想をお聞かせいただけましたら幸いです。",
  productButton: "レビューする",
  reviewButton: "レビューを書く",
  signOff: "今後ともよろしくお願いいたします。",
  notice:
    "このメッセージはご注文後に自動で送信されています。ご注文のキャンセルなどにより誤ってお届けした場合は、お詫び申し上げます。" +
    "それでも、当店でのご体験についてレビューをお寄せいただけましたら幸いです。",
  reminderSubject: "リマインダー：{{ shop_name }}でのご注文{{ order_name }}はいかがでしたか？",
  reminderAsk:
    "先日、ご注文{{ order_name }}のご感想をお伺いするメールをお送りしました。\n" +
    "お時間がございましたら、ぜひレビューをお寄せください。当店と他のお客様にとって大変参考になります。",
  reminderOnlyOne: "このご注文についてのリマインダーはこの1通のみです。",
  notReceived: ["ご注文の商品がまだ届いていませんか？", "お知らせください", "。後日あらためてお伺いします。"],
  unsubscribe: ["{shop}からのレビュー依頼の", "配信停止", "はこちらから。"],
};
