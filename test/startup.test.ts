import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakes, type Fakes } from './helpers/bot.js';
import { emptyFolder as newFolder, runningPort, startBotProcess } from './helpers/bot-process.js';
import { createSqliteDatabase, type TestDatabase } from './helpers/database.js';
import { trackChildren } from './helpers/processes.js';

const track = trackChildren();

const folders: string[] = [];
function emptyFolder(): string {
  const dir = newFolder();
  folders.push(dir);
  return dir;
}

/** `npm start`'s entry point with exactly `env`, in `cwd` (by default an empty folder). */
function startMain(env: Record<string, string>, cwd = emptyFolder()) {
  return track(startBotProcess(env, cwd));
}

describe('npm start', () => {
  let fakes: Fakes;
  let database: TestDatabase;

  beforeAll(async () => {
    fakes = await startFakes();
    database = await createSqliteDatabase();
  });

  afterAll(async () => {
    await fakes.close();
    await database.drop();
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to start on a missing or bad setting, naming each variable', async () => {
    const { SLACK_SIGNING_SECRET: _missing, ...env } = fakes.env(database.url);
    const child = startMain({ ...env, LINK_TTL: '90d' });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = await once(child, 'exit');
    expect(code).toBe(78);
    expect(stderr).toContain('SLACK_SIGNING_SECRET is required');
    expect(stderr).toContain('LINK_TTL must be a duration between 1h and 30d');
    expect(stderr).not.toContain('sk_test_secret');
  });

  it('migrates a new SQLite database, answers /healthz, logs JSON without secrets, and stops on SIGTERM', async () => {
    const child = startMain(fakes.env(database.url));
    const lines: string[] = [];
    const port = await runningPort(child, lines);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(lines.join('\n')).not.toMatch(/xoxb-|sk_test_secret|test-signing-secret/);
  });

  it('reads a .env file in its working directory; the environment wins over it', async () => {
    const dir = emptyFolder();
    const settings = { ...fakes.env('file:./data/from-dotenv.db'), LOG_LEVEL: 'debug' };
    writeFileSync(join(dir, '.env'), Object.entries(settings).map(([name, value]) => `${name}=${value}`).join('\n'));
    const child = startMain({ LOG_LEVEL: 'info' }, dir);
    const lines: string[] = [];
    const port = await runningPort(child, lines);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect(existsSync(join(dir, 'data', 'from-dotenv.db'))).toBe(true);
    expect(lines.some((line) => line.includes('"level":20'))).toBe(false); // info, not the file's debug
    child.kill('SIGTERM');
    expect((await once(child, 'exit'))[0]).toBe(0);
  });

  it('runs compiled: npm run build makes dist/, and npm start runs it with plain node (no TypeScript at run time)', async () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const [node, ...options] = String(pkg.scripts.start).split(/\s+/);
    expect(node).toBe('node');
    expect(options.at(-1)).toBe('dist/main.js');
    const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    expect(existsSync(join(root, 'dist', 'main.js.map'))).toBe(true);
    const child = track(
      spawn(process.execPath, [...options.slice(0, -1), join(root, 'dist', 'main.js')], {
        cwd: emptyFolder(),
        env: { PATH: process.env.PATH ?? '', ...fakes.env(database.url) },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    const port = await runningPort(child);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    // The hosted page's assets come along with the compiled code.
    const css = await fetch(`http://127.0.0.1:${port}/assets/hosted-page.css`);
    expect(css.status).toBe(200);
    expect(await css.text()).toBe(readFileSync(join(root, 'src', 'web', 'assets', 'hosted-page.css'), 'utf8'));
    child.kill('SIGTERM');
    expect((await once(child, 'exit'))[0]).toBe(0);
  }, 60_000);
});

