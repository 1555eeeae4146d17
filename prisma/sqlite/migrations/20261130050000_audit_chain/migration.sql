-- AlterTable
ALTER TABLE "Link" ADD COLUMN "issuedExpiresAt" DATETIME;
ALTER TABLE "Link" ADD COLUMN "sealed" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "LinkEvent" ADD COLUMN "sealed" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "MappingChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "alias" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "orgId" TEXT,
    "externalId" TEXT,
    "displayName" TEXT,
    "teamId" TEXT,
    "channelId" TEXT,
    "actor" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "sealed" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "seq" INTEGER NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "linkId" TEXT,
    "eventId" INTEGER,
    "mappingChangeId" INTEGER,
    "alias" TEXT,
    "record" TEXT,
    "contentHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "prunedBy" INTEGER
);

-- CreateTable
CREATE TABLE "AuditHead" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "MappingChange_alias_createdAt_idx" ON "MappingChange"("alias", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_eventId_key" ON "AuditEntry"("eventId");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_mappingChangeId_key" ON "AuditEntry"("mappingChangeId");

-- CreateIndex
CREATE INDEX "AuditEntry_linkId_kind_idx" ON "AuditEntry"("linkId", "kind");


-- CreateIndex
CREATE INDEX "Link_sealed_createdAt_idx" ON "Link"("sealed", "createdAt");

-- CreateIndex
CREATE INDEX "LinkEvent_sealed_id_idx" ON "LinkEvent"("sealed", "id");

-- CreateIndex
CREATE INDEX "MappingChange_sealed_id_idx" ON "MappingChange"("sealed", "id");
