// Generates the two Prisma clients (src/db/generated/sqlite and src/db/generated/postgresql).
// Run by `npm install` / `npm ci` through package.json "postinstall"; safe to run by hand.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const prisma = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'prisma.cmd' : 'prisma');

if (!existsSync(prisma)) {
  // A production install (`npm ci --omit=dev`) has no Prisma CLI: the clients must then come
  // from the build that had it. Say so instead of failing the whole install.
  console.warn('prisma-generate: Prisma CLI not installed (dev dependency); skipping client generation');
  process.exit(0);
}

const env = {
  ...process.env,
  // The Prisma CLI insists that a native schema-engine binary exists before running any command
  // and otherwise downloads one from Prisma's own host, which is unreachable offline and in
  // air-gapped deployments. `generate` never starts the engine, so any existing executable
  // satisfies the check; node itself is guaranteed to exist on every platform. An explicit
  // setting (e.g. a real engine or a bridge for `migrate`) wins.
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath,
  // No telemetry/update check over the network.
  CHECKPOINT_DISABLE: '1',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
};

for (const provider of ['sqlite', 'postgresql']) {
  const result = spawnSync(prisma, ['generate', '--schema', join('prisma', provider)], {
    cwd: root,
    env,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`prisma-generate: prisma generate failed for the ${provider} schema`);
    process.exit(result.status ?? 1);
  }
}
