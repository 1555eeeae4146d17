-- CreateIndex
CREATE INDEX "Link_createdAt_id_idx" ON "Link"("createdAt", "id");

-- CreateIndex
CREATE INDEX "LinkEvent_type_createdAt_id_idx" ON "LinkEvent"("type", "createdAt", "id");

-- CreateIndex
CREATE INDEX "LinkEvent_createdAt_id_idx" ON "LinkEvent"("createdAt", "id");
