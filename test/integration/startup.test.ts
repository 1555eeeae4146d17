import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakes, type Fakes } from '../helpers/bot.js';
import { createSqliteDatabase, type TestDatabase } from '../helpers/database.js';

/** `npm start`'s entry point, as a separate process with exactly `env`. */
function startMain(env: Record<string, string>) {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
    const port = await new Promise<number>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      createInterface({ input: child.stdout }).on('line', (line) => {
        lines.push(line);
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === 'sso-portal-bot is running') resolve(entry.port as number);
      });
    });
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(lines.join('\n')).not.toMatch(/xoxb-|sk_test_secret|test-signing-secret/);
  });
});
