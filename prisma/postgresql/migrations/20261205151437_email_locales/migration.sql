-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "primaryLocale" TEXT NOT NULL DEFAULT 'en',
ADD COLUMN     "templateTranslations" TEXT;
