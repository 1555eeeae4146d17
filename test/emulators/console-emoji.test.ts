// The demo console draws every emoji the bot writes, so that a screen shows what Slack would.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'));
}

it('knows every emoji the bot uses', () => {
  const used = new Set(sources('src/slack').flatMap((text) => [...text.matchAll(/(?<![\w:]):([a-z][a-z0-9_]+):(?![\w:])/g)].map((match) => match[1])));
  const table = /const EMOJI = \{([\s\S]*?)\};/.exec(readFileSync(join(root, 'emulators/slack/public/mrkdwn.js'), 'utf8'))?.[1] ?? '';
  const known = new Set([...table.matchAll(/([a-z0-9_]+):/g)].map((match) => match[1]));
  expect([...used].filter((name) => !known.has(name))).toEqual([]);
  expect(used.size).toBeGreaterThan(10);
});
