// For Prisma's CLI on the SQLite schema (the bot itself needs no config: it migrates at start).
// `npx prisma migrate diff --config prisma/sqlite.config.ts --from-config-datasource --to-schema prisma/sqlite --script`
import { defineConfig, env } from 'prisma/config';

export default defineConfig({
  schema: 'sqlite',
  migrations: { path: 'sqlite/migrations' },
  datasource: { url: env('DATABASE_URL') },
});
