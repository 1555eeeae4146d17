// npm run build (and npm install / npm ci, after the Prisma clients): compiles src/ to dist/ with
// source maps, and copies what the compiled code reads at run time (the hosted page's assets),
// so that `npm start` runs plain JavaScript with node. `--out-dir <dir>` builds elsewhere.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const { values } = parseArgs({ options: { 'out-dir': { type: 'string' } } });
const outDir = resolve(root, values['out-dir'] ?? 'dist');

if (!existsSync(tsc)) {
  // A production install (`npm ci --omit=dev`) has no TypeScript: dist/ must come from the build that had it.
  console.warn('build: TypeScript not installed (dev dependency); skipping the build');
  process.exit(0);
}

rmSync(outDir, { recursive: true, force: true });
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', outDir], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);
cpSync(join(root, 'src', 'web', 'assets'), join(outDir, 'web', 'assets'), { recursive: true });
