-- AlterTable (the customer's language, issue 18): added at the end, no table copy.
ALTER TABLE "Shop" ADD COLUMN "primaryLocale" TEXT NOT NULL DEFAULT 'en';
ALTER TABLE "Shop" ADD COLUMN "templateTranslations" TEXT;
