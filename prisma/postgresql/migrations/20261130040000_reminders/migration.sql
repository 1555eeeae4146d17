-- AlterTable
ALTER TABLE "Link" ADD COLUMN     "remindersOffAt" TIMESTAMP(3),
ADD COLUMN     "remindersOffBy" TEXT;

-- CreateTable
CREATE TABLE "Reminder" (
    "linkId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Reminder_pkey" PRIMARY KEY ("linkId","reason")
);

-- CreateIndex
CREATE INDEX "Link_expiresAt_idx" ON "Link"("expiresAt");

-- AddForeignKey
ALTER TABLE "Reminder" ADD CONSTRAINT "Reminder_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "Link"("id") ON DELETE CASCADE ON UPDATE CASCADE;
