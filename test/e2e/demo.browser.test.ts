import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, ORGS, USERS } from '../../emulators/world.js';
import { launchBrowser, RESULTS_DIR } from '../helpers/browser.js';
import { slackConsole } from '../helpers/console.js';
import { createSqliteDatabase, type TestDatabase } from '../helpers/database.js';
import { trackChildren, waitForExit, waitForLine } from '../helpers/processes.js';

const PORT = 21000 + Math.floor(Math.random() * 5000);
const CONSOLE = `http://127.0.0.1:${PORT + 1}/`;
const GLOBEX_CHANNEL = CHANNELS.find((channel) => channel.name === 'customer-globex')?.id as string;

const track = trackChildren();
let demo: ChildProcess;
/** Everything the demo wrote to stdout (its log lines go there too). */
const demoOutput: string[] = [];
let database: TestDatabase;
let browser: Browser;
let page: Page;
const slack = slackConsole(() => page);

/** `npm run demo`, on its own ports and database; resolves once it says everything runs. */
async function startDemo(): Promise<ChildProcess> {
  const child = track(
    spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
      env: { ...process.env, DEMO_PORT: String(PORT), DATABASE_URL: database.url, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  await waitForLine(child, child.stdout as Readable, (line) => (line.includes('Ctrl-C stops everything') ? true : undefined), {
    what: 'the demo said it runs',
    timeoutMs: 25_000,
    lines: demoOutput,
  });
  expect(demoOutput.join('\n')).toContain(CONSOLE);
  return child;
}

beforeAll(async () => {
  database = await createSqliteDatabase();
  demo = await startDemo();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(CONSOLE);
});

afterAll(async () => {
  await browser?.close();
  // The demo itself is killed by trackChildren's afterAll if a test left it running.
  await database?.drop();
});

describe('npm run demo, driven through the Slack console in Chromium', () => {
  it('lets an admin map an org; a CSM issue a link that opens the hosted page; the portal configure SSO; links show it', async () => {
    await slack.as(USERS.admin.id, GLOBEX_CHANNEL);
    await slack.run(`/sso-portal map globex ${ORGS.globex.id} --channel`, 'This channel now defaults to it');

    await slack.as(USERS.csm.id, GLOBEX_CHANNEL);
    await slack.run('/sso-portal --idp okta --note "demo call"', 'SSO & SCIM setup for Globex <Intl> & Co');
    const [hostedPage] = await Promise.all([
      page.waitForEvent('popup'),
      page.locator('[data-action-id="open_setup_link"]').last().click(),
    ]);
    await hostedPage.waitForSelector('#portal:not([hidden])');
    const portal = await (await hostedPage.$('#portal'))?.contentFrame();
    await portal?.click('#configure-sso');
    await hostedPage.waitForSelector('#banner.success:not([hidden])');
    await hostedPage.close();

    await slack.run('/sso-portal links globex', /1 view · 1 portal session\s+✅? ?.*SSO enabled \(reported by the page\)/);
    // The emulated Scalekit also sent a signed webhook: status knows from Scalekit itself.
    await slack.run('/sso-portal status', /SSO is set up[\s\S]*SSO enabled/);
    await page.screenshot({ path: `${RESULTS_DIR}demo-console.png` });
  });

  it('tells the CSM by direct message that the customer set up SSO', async () => {
    // Carl is still in #customer-globex: the bot's DM waits under Direct messages, marked unread.
    const dmEntry = page.locator('#dms button[data-channel="dm"]');
    await page.waitForFunction(() => document.querySelector('#dms button[data-channel="dm"] .badge') !== null);
    expect(Number(await dmEntry.locator('.badge').textContent())).toBeGreaterThanOrEqual(1);
    expect(await dmEntry.locator('.dm-name').textContent()).toBe('sso-portal-bot');

    await dmEntry.click();
    // The seeded Stark Industries finished SSO too: this test's customer is Globex.
    const dm = page.locator('#messages .message').filter({ hasText: 'Globex <Intl> & Co set up single sign-on' });
    await dm.first().waitFor();
    expect(await dm.count()).toBe(1); // once, though both the page and Scalekit's webhook reported it
    expect(await dm.innerText()).toMatch(/Globex <Intl> & Co set up single sign-on\./);
    expect(await dm.locator('.only-you').count()).toBe(0);
    expect(await dmEntry.locator('.badge').count()).toBe(0);
    await page.screenshot({ path: `${RESULTS_DIR}demo-dm.png` });

    // Only Carl's: the admin's DM with the bot does not have it.
    await slack.as(USERS.admin.id, 'dm');
    expect(await page.locator('#messages').textContent()).toContain('No messages yet');
  });

  it('shows the seeded customers on the Home tab by stage, and the team board to an admin', async () => {
    await slack.openHome(USERS.csm.id);
    const home = page.locator('#home .home-view');
    await page.waitForFunction(() => /Stark Industries/.test((document.querySelector('#home .home-view') as HTMLElement | null)?.innerText ?? ''));
    const shown = await home.innerText();
    expect(shown).toContain('Your customers');
    expect(shown).toMatch(/Hooli[\s\S]*Portal in use/);
    expect(shown).toMatch(/Stark Industries[\s\S]*SSO on, finished/);
    expect(shown).toMatch(/wayne-enterprises[\s\S]*the last link failed to issue/);
    // Needs attention first, finished last.
    expect(shown.indexOf('wayne-enterprises')).toBeLessThan(shown.indexOf('Hooli'));
    expect(shown.indexOf('Hooli')).toBeLessThan(shown.indexOf('Stark Industries'));
    expect(shown).not.toContain('Initech');
    await page.screenshot({ path: `${RESULTS_DIR}demo-home.png`, fullPage: true });

    await slack.openHome(USERS.admin.id);
    await page.waitForFunction(() => /The team/.test((document.querySelector('#home .home-view') as HTMLElement | null)?.innerText ?? ''));
    const team = await home.innerText();
    expect(team).toContain('New customer');
    expect(team).toMatch(/Initech[\s\S]*Sent/);
  });

  it('gives an admin the audit: the counts, the CSV in their direct message, and a chain that verifies', async () => {
    await slack.as(USERS.admin.id, GLOBEX_CHANNEL);
    await slack.run('/sso-portal audit globex', /Audit of links to[\s\S]*1 link/);
    await slack.as(USERS.admin.id, 'dm');
    const file = page.locator('#messages .file .file-name').first();
    await file.waitFor();
    expect(await file.textContent()).toMatch(/^sso-portal-audit-.*\.csv$/);
    const csv = await (await fetch(String(await file.getAttribute('href')))).text();
    expect(csv.split('\n')[0]).toMatch(/^id,createdAt,outcome,state/);
    expect(csv).toContain('demo call');
    await page.screenshot({ path: `${RESULTS_DIR}demo-audit.png` });

    // Sealed within a second of being written, the trail verifies from the command line.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const verify = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'verify'], { env: { PATH: process.env.PATH, DATABASE_URL: database.url }, encoding: 'utf8' });
    expect(verify).toMatchObject({ status: 0, stdout: expect.stringMatching(/^intact: \d+ entries; head \d+:[0-9a-f]{64}\n$/) as unknown });
  });

  it("refuses a stranger's attempt", async () => {
    await slack.as(USERS.stranger.id, GLOBEX_CHANNEL);
    await slack.run('/sso-portal globex', "You aren't allowed to issue SSO setup links");
  });

  it('stops everything on Ctrl-C', async () => {
    demo.kill('SIGINT');
    expect(await waitForExit(demo, { what: 'the demo, after Ctrl-C,', timeoutMs: 15_000, lines: demoOutput })).toBe(0);
    for (const port of [PORT, PORT + 1, PORT + 2]) {
      await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    }
  });
});
