-- AlterTable
ALTER TABLE "Link" ADD COLUMN     "issuedExpiresAt" TIMESTAMP(3),
ADD COLUMN     "sealed" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "LinkEvent" ADD COLUMN     "sealed" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "MappingChange" (
    "id" SERIAL NOT NULL,
    "alias" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "orgId" TEXT,
    "externalId" TEXT,
    "displayName" TEXT,
    "teamId" TEXT,
    "channelId" TEXT,
    "actor" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "sealed" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "MappingChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "seq" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "linkId" TEXT,
    "eventId" INTEGER,
    "mappingChangeId" INTEGER,
    "alias" TEXT,
    "record" TEXT,
    "contentHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "prunedBy" INTEGER,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "AuditHead" (
    "id" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditHead_pkey" PRIMARY KEY ("id")
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
