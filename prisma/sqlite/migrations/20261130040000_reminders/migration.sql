-- AlterTable
ALTER TABLE "Link" ADD COLUMN "remindersOffAt" DATETIME;
ALTER TABLE "Link" ADD COLUMN "remindersOffBy" TEXT;

-- CreateTable
CREATE TABLE "Reminder" (
    "linkId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,

    PRIMARY KEY ("linkId", "reason"),
    CONSTRAINT "Reminder_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "Link" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Link_expiresAt_idx" ON "Link"("expiresAt");
