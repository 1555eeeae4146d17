-- AlterTable
ALTER TABLE "Link" ADD COLUMN "scope" TEXT NOT NULL DEFAULT 'all';
