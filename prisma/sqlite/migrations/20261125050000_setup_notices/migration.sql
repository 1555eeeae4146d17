-- CreateTable
CREATE TABLE "SetupNotice" (
    "linkId" TEXT NOT NULL,
    "part" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("linkId", "part"),
    CONSTRAINT "SetupNotice_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "Link" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
