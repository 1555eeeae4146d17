-- CreateTable
CREATE TABLE "SetupNotice" (
    "linkId" TEXT NOT NULL,
    "part" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SetupNotice_pkey" PRIMARY KEY ("linkId","part")
);

-- AddForeignKey
ALTER TABLE "SetupNotice" ADD CONSTRAINT "SetupNotice_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "Link"("id") ON DELETE CASCADE ON UPDATE CASCADE;
