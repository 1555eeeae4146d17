import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, ORGS, USERS } from '../../emulators/world.js';
import { launchBrowser, RESULTS_DIR } from '../helpers/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../helpers/database.js';

const PORT = 21000 + Math.floor(Math.random() * 5000);
const CONSOLE = `http://127.0.0.1:${PORT + 1}/`;
const GLOBEX_CHANNEL = CHANNELS.find((channel) => channel.name === 'customer-globex')?.id as string;

let demo: ChildProcess;
let database: TestDatabase;
let browser: Browser;
let console: Page;

/** `npm run demo`, on its own ports and database. */
async function startDemo(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
    env: { ...process.env, DEMO_PORT: String(PORT), DATABASE_URL: database.url, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the demo exited with ${code}: ${output}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ctrl-C stops everything')) resolve();
    });
  });
  expect(output).toContain(CONSOLE);
  return child;
}

async function as(userId: string, channelId: string): Promise<void> {
  await console.selectOption('#user', userId);
  await console.click(`button[data-channel="${channelId}"]`);
  await console.waitForSelector(`#messages[data-shown="${userId}|${channelId}"]`, { state: 'attached' });
}

/** Types a command in the console and waits until `expected` shows in the channel. */
async function run(text: string, expected: string | RegExp): Promise<void> {
  const before = await console.locator('#messages > li').count();
  await console.fill('#message-box', text);
  await console.press('#message-box', 'Enter');
  await console.waitForFunction(
    ({ count, source, flags }) => {
      const items = [...document.querySelectorAll('#messages > li')].slice(count);
      return items.some((item) => new RegExp(source, flags).test((item as HTMLElement).innerText));
    },
    { count: before, source: typeof expected === 'string' ? expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : expected.source, flags: typeof expected === 'string' ? '' : expected.flags },
  );
}

beforeAll(async () => {
  database = await createSqliteDatabase();
  demo = await startDemo();
  browser = await launchBrowser();
  console = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await console.goto(CONSOLE);
});

afterAll(async () => {
  await browser?.close();
  if (demo && demo.exitCode === null) demo.kill('SIGKILL');
  await database?.drop();
});

describe('npm run demo, driven through the Slack console in Chromium', () => {
  it('lets an admin map an org; a CSM issue a link that opens the hosted page; the portal configure SSO; links show it', async () => {
    await as(USERS.admin.id, GLOBEX_CHANNEL);
    await run(`/sso-portal map globex ${ORGS.globex.id} --channel`, 'This channel now defaults to it');

    await as(USERS.csm.id, GLOBEX_CHANNEL);
    await run('/sso-portal --idp okta --note "demo call"', 'SSO & SCIM setup for Globex <Intl> & Co');
    const [hostedPage] = await Promise.all([
      console.waitForEvent('popup'),
      console.locator('[data-action-id="open_setup_link"]').last().click(),
    ]);
    await hostedPage.waitForSelector('#portal:not([hidden])');
    const portal = await (await hostedPage.$('#portal'))?.contentFrame();
    await portal?.click('#configure-sso');
    await hostedPage.waitForSelector('#banner.success:not([hidden])');
    await hostedPage.close();

    await run('/sso-portal links globex', /1 view · 1 portal session\s+✅? ?.*SSO enabled \(reported by the page\)/);
    // The emulated Scalekit also sent a signed webhook: status knows from Scalekit itself.
    await run('/sso-portal status', /SSO is set up[\s\S]*SSO enabled/);
    await console.screenshot({ path: `${RESULTS_DIR}demo-console.png` });
  });

  it('tells the CSM by direct message that the customer set up SSO', async () => {
    // Carl is still in #customer-globex: the bot's DM waits under Direct messages, marked unread.
    const dmEntry = console.locator('#dms button[data-channel="dm"]');
    await console.waitForFunction(() => document.querySelector('#dms button[data-channel="dm"] .badge') !== null);
    expect(Number(await dmEntry.locator('.badge').textContent())).toBeGreaterThanOrEqual(1);
    expect(await dmEntry.locator('.dm-name').textContent()).toBe('sso-portal-bot');

    await dmEntry.click();
    const dm = console.locator('#messages .message').filter({ hasText: 'set up single sign-on' });
    await dm.first().waitFor();
    expect(await dm.count()).toBe(1); // once, though both the page and Scalekit's webhook reported it
    expect(await dm.innerText()).toMatch(/Globex <Intl> & Co set up single sign-on\./);
    expect(await dm.locator('.only-you').count()).toBe(0);
    expect(await dmEntry.locator('.badge').count()).toBe(0);
    await console.screenshot({ path: `${RESULTS_DIR}demo-dm.png` });

    // Only Carl's: the admin's DM with the bot does not have it.
    await as(USERS.admin.id, 'dm');
    expect(await console.locator('#messages').textContent()).toContain('No messages yet');
  });

  it("refuses a stranger's attempt", async () => {
    await as(USERS.stranger.id, GLOBEX_CHANNEL);
    await run('/sso-portal globex', "You aren't allowed to issue SSO setup links");
  });

  it('stops everything on Ctrl-C', async () => {
    demo.kill('SIGINT');
    const [code] = await once(demo, 'exit');
    expect(code).toBe(0);
    for (const port of [PORT, PORT + 1, PORT + 2]) {
      await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    }
  });
});
