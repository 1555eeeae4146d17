-- CreateIndex
CREATE INDEX "Link_createdAt_id_idx" ON "Link"("createdAt", "id");

-- CreateIndex
CREATE INDEX "LinkEvent_createdAt_id_idx" ON "LinkEvent"("createdAt", "id");
