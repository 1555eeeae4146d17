-- AlterTable
ALTER TABLE "Link" ADD COLUMN "replacedBy" TEXT;
