// The layers' boundaries are lint rules: a violating import fails `npm run lint`.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The messages `npm run lint` would print for `source` saved at `path`. */
async function lint(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: `${root}/${path}` });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

describe('layer boundaries', () => {
  it.each([
    ["import { App } from '@slack/bolt';", 'speaks no Slack'],
    ["import type { KnownBlock } from '@slack/web-api';", 'speaks no Slack'],
    ["import { PrismaClient } from '@prisma/client';", 'speaks no Slack, SQL'],
    ["import { ScalekitClient } from '@scalekit-sdk/node';", 'speaks no Slack, SQL, Scalekit'],
    ["import { createServer } from 'node:http';", 'or HTTP'],
    ["import { Counter } from 'prom-client';", 'keeps no metrics'],
    ["import { BotMetrics } from '../../metrics/metrics.js';", 'imports no edge'],
    ["import { code } from '../../slack/blocks/mrkdwn.js';", 'imports no edge'],
    ["import { openDatabase } from '../../db/client.js';", 'imports no edge'],
    ["import { webRoutes } from '../../web/routes.js';", 'imports no edge'],
    ["import { createScalekitAdapter } from '../../scalekit/scalekit-adapter.js';", 'imports no edge'],
    ["import { loadConfig } from '../../config.js';", 'imports no edge'],
  ])('src/core may not %s', async (line, reason) => {
    const messages = await lint('src/core/links/example.ts', `${line}\nexport const used = [${line.match(/\{ (?:type )?(\w+)/)?.[1] ?? 'undefined'}];\n`);
    expect(messages).toEqual([expect.stringMatching(new RegExp(`^no-restricted-imports: .*${reason}`))]);
  });

  it("src/web may not reach into Bolt's private paths", async () => {
    const source = "import type { ParamsIncomingMessage } from '@slack/bolt/dist/receivers/ParamsIncomingMessage.js';\nexport type Request = ParamsIncomingMessage;\n";
    expect(await lint('src/web/example.ts', source)).toEqual([expect.stringMatching(/^no-restricted-imports: .*Bolt's private paths/)]);
  });

  it('the same imports pass at the edges, and the core may use its own ports', async () => {
    expect(await lint('src/slack/example.ts', "import { App } from '@slack/bolt';\nexport const used = [App];\n")).toEqual([]);
    expect(await lint('src/core/links/example.ts', "import type { Database } from '../ports.js';\nexport type Used = Database;\n")).toEqual([]);
  });
});
