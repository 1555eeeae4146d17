// For Prisma's CLI on the PostgreSQL schema (the bot itself needs no config: it migrates at start).
// `npx prisma migrate diff --config prisma/postgresql.config.ts --from-config-datasource --to-schema prisma/postgresql --script`
import { defineConfig, env } from 'prisma/config';

export default defineConfig({
  schema: 'postgresql',
  migrations: { path: 'postgresql/migrations' },
  datasource: { url: env('DATABASE_URL') },
});
