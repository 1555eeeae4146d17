-- CreateTable
CREATE TABLE "OrgMapping" (
    "alias" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "externalId" TEXT,
    "displayName" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ChannelMapping" (
    "teamId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "alias" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("teamId", "channelId"),
    CONSTRAINT "ChannelMapping_alias_fkey" FOREIGN KEY ("alias") REFERENCES "OrgMapping" ("alias") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Link" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "failureReason" TEXT,
    "teamId" TEXT NOT NULL,
    "channelId" TEXT,
    "issuerId" TEXT NOT NULL,
    "issuerName" TEXT NOT NULL,
    "orgQuery" TEXT NOT NULL,
    "orgId" TEXT,
    "orgName" TEXT,
    "tokenHash" TEXT,
    "scalekitLinkId" TEXT,
    "idp" TEXT,
    "note" TEXT,
    "expiresAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME,
    "revokedBy" TEXT
);

-- CreateTable
CREATE TABLE "LinkEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "linkId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "detail" TEXT,
    "actor" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LinkEvent_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "Link" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "OrgMapping_orgId_idx" ON "OrgMapping"("orgId");

-- CreateIndex
CREATE INDEX "ChannelMapping_alias_idx" ON "ChannelMapping"("alias");

-- CreateIndex
CREATE UNIQUE INDEX "Link_tokenHash_key" ON "Link"("tokenHash");

-- CreateIndex
CREATE INDEX "Link_orgId_createdAt_idx" ON "Link"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "Link_issuerId_createdAt_idx" ON "Link"("issuerId", "createdAt");

-- CreateIndex
CREATE INDEX "LinkEvent_linkId_type_idx" ON "LinkEvent"("linkId", "type");

-- CreateIndex
CREATE INDEX "LinkEvent_linkId_createdAt_idx" ON "LinkEvent"("linkId", "createdAt");
