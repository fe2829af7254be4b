/**
 * The plain-text part of an invitation, derived from its rendered HTML so the two always say
 * the same thing. html-to-text reads the HTML the way a mail client's text view would: it
 * decodes entities last, so a customer's name comes back exactly as typed (a `<script>` name
 * reads as text, it is never markup here); links read "label (address)".
 */
import { compile } from "html-to-text";

const convert = compile({
  wordwrap: false,
  selectors: [
    // "Write a review (https://…)": the address is what a text-only reader can follow.
    { selector: "a", options: { linkBrackets: ["(", ")"], hideLinkHrefIfSameAsText: true } },
    { selector: "ul", options: { itemPrefix: "- " } },
    { selector: "ol", options: { itemPrefix: "- " } },
    { selector: "img", format: "skip" },
    // The products of the default bodies (wording.ts productBlock): a layout table
    // whose rows (`tr.product`) read as one paragraph per product: title, variant, quantity and its link.
    { selector: "tr.product", format: "block", options: { leadingLineBreaks: 2, trailingLineBreaks: 2 } },
    // Headings keep the merchant's case; the library's default shouts them.
    ...["h1", "h2", "h3", "h4", "h5", "h6"].map((selector) => ({ selector, options: { uppercase: false } })),
  ],
});

export function htmlToText(html: string): string {
  return convert(html).trim() + "\n";
}
