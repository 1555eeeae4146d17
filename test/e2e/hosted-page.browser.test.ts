import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkIn, ORGS, useTestBot } from '../helpers/bot.js';
import { LAPTOP, launchBrowser, PHONE, RESULTS_DIR } from '../helpers/browser.js';

const ctx = useTestBot({ env: { BRAND_NAME: 'Acme SaaS' }, aliases: { acme: ORGS.acme.id } });
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Issues a hosted link as the CSM: its address on the bot and its id. */
async function issue(text = 'acme'): Promise<{ url: string; id: string }> {
  const { path, id } = linkIn((await ctx.t.command(text)).all);
  return { url: `${ctx.t.appUrl}${path}`, id };
}

async function openPage(url: string, viewport = LAPTOP): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.goto(url);
  return page;
}

/** The portal iframe's current address, once the page has set it. */
async function portalSrc(page: Page, other?: string): Promise<string> {
  await page.waitForFunction(
    (previous) => {
      const src = document.querySelector<HTMLIFrameElement>('#portal')?.src;
      return Boolean(src) && src !== previous;
    },
    other,
  );
  return page.$eval('#portal', (frame) => (frame as HTMLIFrameElement).src);
}

async function portalFrame(page: Page) {
  const handle = await page.waitForSelector('#portal:not([hidden])');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the portal iframe has no frame');
  await frame.waitForSelector('#configure-sso');
  return frame;
}

async function eventsOf(id: string): Promise<string[]> {
  return (await ctx.t.bot.db.links.events(id)).map((e) => (e.type === 'portal_event' ? `${e.type}:${e.detail}` : e.type));
}

describe('the hosted page in Chromium', () => {
  it('shows the fake Scalekit portal in the iframe, with a new single-use link per page load', async () => {
    const { url, id } = await issue();
    const first = await openPage(url);
    const firstSrc = await portalSrc(first);
    const frame = await portalFrame(first);
    expect(await frame.textContent('body')).toContain('Acme Corp');
    await first.screenshot({ path: `${RESULTS_DIR}hosted-page-laptop.png`, fullPage: true });

    const second = await openPage(url, PHONE);
    const secondSrc = await portalSrc(second);
    await portalFrame(second);
    await second.screenshot({ path: `${RESULTS_DIR}hosted-page-phone.png`, fullPage: true });
    expect(secondSrc).not.toBe(firstSrc);
    expect(ctx.t.scalekit.portalLinks.map((link) => link.location)).toEqual(expect.arrayContaining([firstSrc, secondSrc]));
    const [summary] = await ctx.t.bot.db.links.recent({ orgId: ORGS.acme.id, limit: 1 });
    expect(summary).toMatchObject({ id, views: 2, sessions: 2 });
    await Promise.all([first.close(), second.close()]);
  });

  it('mints a new session and reloads the iframe when the portal session expires', async () => {
    const { url, id } = await issue();
    const page = await openPage(url);
    const before = await portalSrc(page);
    await (await portalFrame(page)).click('#expire-session');
    const after = await portalSrc(page, before);
    expect(after).not.toBe(before);
    await portalFrame(page);
    expect(await eventsOf(id)).toEqual(['viewed', 'session_minted', 'session_minted']);
    await page.close();
  });

  it('shows success when SSO is enabled and records it in the audit trail', async () => {
    const { url, id } = await issue();
    const page = await openPage(url);
    await portalSrc(page);
    await (await portalFrame(page)).click('#configure-sso');
    await page.waitForSelector('#banner.success:not([hidden])');
    expect(await page.textContent('#banner')).toContain('Single sign-on is enabled');
    await expect.poll(() => eventsOf(id)).toContain('portal_event:ORGANIZATION_SSO_ENABLED');
    const links = (await ctx.t.command('links acme')).all;
    expect(links).toMatch(/1 view · 1 portal session\n:white_check_mark: SSO enabled \(reported by the page\)/);
    await page.close();
  });

  it('warns quietly, renews a few times at most, then offers a retry; accepts the older event names', async () => {
    const { url, id } = await issue();
    const page = await openPage(url);
    let src = await portalSrc(page);
    await (await portalFrame(page)).click('#session-warning');
    await page.waitForSelector('#banner.warning:not([hidden])');
    expect(await page.textContent('#banner')).toContain('ends soon');

    // Three renewals (one through the PORTAL_LOAD_FAILURE form), then the page stops and asks.
    for (const button of ['#expire-session', '#load-failure', '#expire-session']) {
      await (await portalFrame(page)).click(button);
      src = await portalSrc(page, src);
    }
    await (await portalFrame(page)).click('#expire-session');
    await page.waitForSelector('#problem:not([hidden])');
    expect(await page.textContent('#problem')).toContain('Your setup session has ended');
    expect(await page.isHidden('#portal')).toBe(true);

    await page.click('#retry');
    await portalSrc(page, src);
    await (await portalFrame(page)).click('#legacy-sso-configured');
    await page.waitForSelector('#banner.success:not([hidden])');
    await expect.poll(() => eventsOf(id)).toContain('portal_event:SSO_CONFIGURED');
    expect((await eventsOf(id)).filter((type) => type === 'session_minted')).toHaveLength(5);
    await page.close();
  });

  it('ignores messages from any origin but the Scalekit environment', async () => {
    const { url, id } = await issue();
    const page = await openPage(url);
    const src = await portalSrc(page);
    const minted = ctx.t.scalekit.portalLinks.length;
    await page.evaluate(() => {
      window.postMessage({ event_type: 'ORGANIZATION_SSO_ENABLED', organization_id: 'org_acme1', data: {} }, '*');
      window.postMessage({ event_type: 'PORTAL_SESSION_EXPIRY', organization_id: 'org_acme1', data: {} }, '*');
    });
    // Then a real message from the portal: once the page has acted on it, it has seen the foreign
    // ones before it (messages to a window are delivered in order).
    await (await portalFrame(page)).click('#session-warning');
    await page.waitForSelector('#banner.warning:not([hidden])');
    expect(await page.$('#banner.success')).toBeNull();
    expect(await page.textContent('#banner')).not.toContain('Single sign-on is enabled');
    expect(await page.$eval('#portal', (frame) => (frame as HTMLIFrameElement).src)).toBe(src);
    expect(ctx.t.scalekit.portalLinks).toHaveLength(minted);
    expect(await eventsOf(id)).toEqual(['viewed', 'session_minted']);
    await page.close();
  });

  it('shows the dead-link page for a revoked link, without calling Scalekit', async () => {
    const { url, id } = await issue();
    await ctx.t.command(`revoke ${id}`);
    ctx.t.scalekit.reset();
    const page = await browser.newPage();
    const response = await page.goto(url);
    expect(response?.status()).toBe(410);
    expect(await page.textContent('h1')).toContain('withdrawn');
    expect(await page.$('#portal')).toBeNull();
    expect(ctx.t.scalekit.calls).toEqual([]);
    await page.close();
  });
});
