// The Home tab's onboarding board through the real Bolt app, database and emulators: what a CSM
// and an admin see, the order of what needs attention, republishing on every change, the
// admin's filters, the row menu, and Slack's 100-block limit.
import { describe, expect, it } from 'vitest';
import type { HomeView } from '../../emulators/slack/index.js';
import { HOME_ACTIONS } from '../../src/slack/blocks/home.js';
import { databaseKinds, rawQuery } from '../helpers/database.js';
import { sendInteraction } from '../../emulators/slack/index.js';
import { asIssued } from '../helpers/fixtures.js';
import { linkIn, messageText, ORGS, SIGNING_SECRET, TEAM_ID, USERS, useTestBot } from '../helpers/bot.js';

const DAY = 86_400_000;
const text = (view: HomeView | undefined) => (view ? messageText({ blocks: view.blocks as unknown[] }) : '');
/** The text of each customer row, top to bottom. */
const rows = (view: HomeView) => (view.blocks as Array<{ block_id?: string }>).filter((block) => /^(mine|team):/.test(block.block_id ?? '')).map((block) => messageText({ blocks: [block] }));

describe.each(databaseKinds)('the Home tab, on $kind', ({ create }) => {
  let offset = 0;
  const ctx = useTestBot({ create, aliases: { acme: ORGS.acme.id, globex: ORGS.globex.id, initech: ORGS.initech.id }, now: () => new Date(Date.now() + offset) });
  const viewOf = (userId: string, shows: (text: string) => boolean) => ctx.t.slack.waitForHomeView(userId, (view) => shows(text(view)), 5_000);

  it('shows a CSM their customers, moves a customer along as the setup goes on, and puts what needs attention first', async () => {
    const acme = linkIn((await ctx.t.command('acme')).all);
    linkIn((await ctx.t.command('globex --sso')).all);
    await ctx.t.slack.openHome(USERS.csm.id);
    let view = await viewOf(USERS.csm.id, (shown) => shown.includes('Acme Corp') && shown.includes('Globex'));
    expect(text(view)).toContain('Your customers');
    expect(rows(view).find((row) => row.includes('Acme Corp'))).toContain('Sent since');
    expect(rows(view).find((row) => row.includes('Globex'))).toContain('SSO only');
    // Another CSM's customer is not on Carl's board.
    await ctx.t.command('initech', { userId: USERS.groupCsm.id });

    // The customer opens the portal: the board is republished without the tab being opened again.
    await fetch(`${ctx.t.appUrl}${acme.path}/session`, { method: 'POST', body: '{"firstLoad":true}' });
    view = await viewOf(USERS.csm.id, (shown) => /Acme Corp[^\n]*\n[^\n]*Portal in use/.test(shown));
    expect(text(view)).not.toContain('Initech');

    // Four days later, Acme stalled in the portal and Globex's link was never opened: both come
    // first, the stalled (more urgent) before the unopened, each saying why.
    offset = 4 * DAY;
    await ctx.t.slack.openHome(USERS.csm.id);
    view = await viewOf(USERS.csm.id, (shown) => shown.includes('not opened yet'));
    expect(rows(view)[0]).toMatch(/Acme Corp[\s\S]*stalled in the portal/);
    expect(rows(view)[1]).toMatch(/Globex[\s\S]*not opened yet/);
    offset = 0;
  });

  it('finishes a customer when every part its link offers is set up, and lists the finished last', async () => {
    const { path } = linkIn((await ctx.t.command('initech --sso', { userId: USERS.admin.id })).all);
    await fetch(`${ctx.t.appUrl}${path}/session`, { method: 'POST', body: '{"firstLoad":true}' });
    await fetch(`${ctx.t.appUrl}${path}/events`, { method: 'POST', body: JSON.stringify({ event: 'ORGANIZATION_SSO_ENABLED' }) });
    await ctx.t.slack.openHome(USERS.admin.id);
    const view = await viewOf(USERS.admin.id, (shown) => shown.includes('SSO on, finished'));
    const mine = rows(view).filter((row) => !row.includes('sent by'));
    expect(mine.at(-1)).toContain('Initech');
    expect(mine.at(-1)).toContain('SSO on, finished');
  });

  it('shows a failed attempt as needing attention, named as typed, or as none in a channel mapped to no customer', async () => {
    await ctx.t.command('no-such-customer', { userId: USERS.groupCsm.id });
    await ctx.t.command('', { userId: USERS.groupCsm.id, channelId: 'C0GENERAL' });
    await ctx.t.slack.openHome(USERS.groupCsm.id);
    const view = await viewOf(USERS.groupCsm.id, (shown) => shown.includes('no-such-customer') && shown.includes('No customer named'));
    const failed = rows(view).filter((row) => row.includes('the last link failed to issue'));
    // Names as long as a command may carry, alike but for their ends: each row fits Slack's 3,000
    // characters, and each keeps a block id of its own, so the view is still published.
    const long = 'x&'.repeat(1_400);
    await ctx.t.command(`${long}a`, { userId: USERS.groupCsm.id });
    await ctx.t.command(`${long}b`, { userId: USERS.groupCsm.id });
    await ctx.t.slack.openHome(USERS.groupCsm.id);
    const longer = await ctx.t.slack.waitForHomeView(USERS.groupCsm.id, (shown) => rows(shown).filter((row) => row.includes('x&amp;x&amp;')).length === 2);
    for (const block of longer.blocks as Array<{ text?: { text: string } }>) expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3_000);
    expect(rows(longer).filter((row) => row.includes('…*'))).toHaveLength(2);
    expect(failed.some((row) => row.includes('*no-such-customer*'))).toBe(true);
    expect(failed.some((row) => row.includes('_No customer named_'))).toBe(true);
  });

  it("gives admins the team's board, narrowed by CSM and by stage, with counts, and keeps their choice when the board changes", async () => {
    await ctx.t.command('acme');
    await ctx.t.command('globex', { userId: USERS.groupCsm.id });
    await ctx.t.command('not-a-customer', { userId: USERS.groupCsm.id });
    await ctx.t.slack.openHome(USERS.admin.id);
    let view = await viewOf(USERS.admin.id, (shown) => shown.includes('The team') && shown.includes(`<@${USERS.groupCsm.id}>`));
    const team = rows(view).filter((row) => row.includes('sent by'));
    expect(team.some((row) => row.includes(`<@${USERS.csm.id}>`))).toBe(true);
    expect(team.some((row) => row.includes(`<@${USERS.groupCsm.id}>`))).toBe(true);
    expect(text(view)).toMatch(/\d+ customers · :warning: \d+ need attention · Sent \d+/);

    await ctx.t.slack.homeAction(USERS.admin.id, { actionId: HOME_ACTIONS.csm, user: USERS.groupCsm.id });
    view = await ctx.t.slack.waitForHomeView(USERS.admin.id, (shown) => rows(shown).filter((row) => row.includes('sent by')).every((row) => row.includes(`<@${USERS.groupCsm.id}>`)));
    await ctx.t.slack.homeAction(USERS.admin.id, { actionId: HOME_ACTIONS.stage, value: 'attention' });
    view = await ctx.t.slack.waitForHomeView(USERS.admin.id, (shown) => JSON.parse(shown.private_metadata ?? '{}').stage === 'attention');
    const narrowed = rows(view).filter((row) => row.includes('sent by'));
    expect(narrowed.length).toBeGreaterThan(0);
    expect(narrowed.every((row) => row.includes(':warning:') && row.includes(`<@${USERS.groupCsm.id}>`))).toBe(true);

    // When the admin's own link changes, their board is republished with their filters.
    await ctx.t.command('acme', { userId: USERS.admin.id });
    view = await ctx.t.slack.waitForHomeView(USERS.admin.id, (shown) => rows(shown).some((row) => row.includes('Acme Corp') && !row.includes('sent by')));
    expect(JSON.parse(view.private_metadata ?? '{}')).toEqual({ issuerId: USERS.groupCsm.id, stage: 'attention' });
    // So is it when a colleague's link changes, since the admin looked at the team board lately.
    await ctx.t.command('another-unknown-customer', { userId: USERS.groupCsm.id });
    view = await ctx.t.slack.waitForHomeView(USERS.admin.id, (shown) => rows(shown).some((row) => row.includes('another-unknown-customer')), 15_000);
    expect(JSON.parse(view.private_metadata ?? '{}')).toEqual({ issuerId: USERS.groupCsm.id, stage: 'attention' });
  });

  it('says the board could not be read while the database fails, and shows it again once it answers', async () => {
    linkIn((await ctx.t.command('acme')).all);
    await rawQuery(ctx.database, 'ALTER TABLE "OrgEvent" RENAME TO "OrgEvent_away"');
    try {
      await ctx.t.slack.openHome(USERS.csm.id);
      const view = await viewOf(USERS.csm.id, (shown) => shown.includes('could not be read'));
      expect(rows(view)).toEqual([]);
    } finally {
      await rawQuery(ctx.database, 'ALTER TABLE "OrgEvent_away" RENAME TO "OrgEvent"');
    }
    await ctx.t.slack.openHome(USERS.csm.id);
    await viewOf(USERS.csm.id, (shown) => shown.includes('Acme Corp'));
  });

  it('tells a person who may not send links why the board is empty', async () => {
    await ctx.t.slack.openHome(USERS.stranger.id);
    const view = await viewOf(USERS.stranger.id, (shown) => shown.includes('not on the list'));
    expect(rows(view)).toEqual([]);
  });

  it("extends a link from the row's menu and asks before revoking it", async () => {
    const { id } = linkIn((await ctx.t.command('globex --note menu')).all);
    await ctx.t.slack.openHome(USERS.csm.id);
    await viewOf(USERS.csm.id, (shown) => shown.includes(id));
    await ctx.t.slack.homeAction(USERS.csm.id, { actionId: HOME_ACTIONS.row, blockId: `mine:${ORGS.globex.id}`, value: `extend ${id}` });
    const told = await ctx.t.slack.waitForCall('chat.postMessage', (call) => call.args.channel === USERS.csm.id && String(call.args.text).includes(id));
    expect(String(told.args.text)).toMatch(/now works until/);
    await ctx.t.slack.homeAction(USERS.csm.id, { actionId: HOME_ACTIONS.row, blockId: `mine:${ORGS.globex.id}`, value: `revoke ${id}` });
    const asked = await ctx.t.slack.waitForCall('views.open', (call) => JSON.stringify(call.args.view).includes(id));
    const confirm = asked.args.view as { callback_id: string; private_metadata: string };
    expect(JSON.stringify(confirm)).toContain('stops working at once');
    // Revoke, as Slack sends the form's submission: a colleague who may not is told why; Carl revokes it.
    const submit = (userId: string) =>
      sendInteraction({
        appUrl: ctx.t.appUrl,
        signingSecret: SIGNING_SECRET,
        payload: { type: 'view_submission', team: { id: TEAM_ID }, user: { id: userId }, trigger_id: '1.2.3', view: { ...confirm, id: 'V0CONFIRM', type: 'modal', state: { values: {} } } },
      });
    expect((await submit(USERS.groupCsm.id)).status).toBe(200);
    const refused = await ctx.t.slack.waitForCall('chat.postMessage', (call) => call.args.channel === USERS.groupCsm.id && String(call.args.text).includes(id));
    expect(String(refused.args.text)).toContain('Only');
    expect(asIssued(await ctx.t.bot.db.links.findById(id)).revokedAt).toBeNull();
    expect((await submit(USERS.csm.id)).status).toBe(200);
    await ctx.t.slack.waitForCall('chat.postMessage', (call) => call.args.channel === USERS.csm.id && String(call.args.text).includes('is revoked'));
    expect(asIssued(await ctx.t.bot.db.links.findById(id)).revokedBy).toBe(USERS.csm.id);
  });

  it("answers the row menu's Status in a direct message, by the words the sender used", async () => {
    linkIn((await ctx.t.command('acme')).all);
    await ctx.t.slack.openHome(USERS.csm.id);
    await viewOf(USERS.csm.id, (shown) => shown.includes('Acme Corp'));
    await ctx.t.slack.homeAction(USERS.csm.id, { actionId: HOME_ACTIONS.row, blockId: `mine:${ORGS.acme.id}`, value: 'status acme' });
    const told = await ctx.t.slack.waitForCall('chat.postMessage', (call) => call.args.channel === USERS.csm.id && String(call.args.text).includes('Acme Corp'));
    expect(JSON.stringify(told.args.blocks)).toMatch(/SSO/);
  });
});

describe('the Home tab with 300 customers', () => {
  const ctx = useTestBot({});

  it('stays within 100 blocks: what needs attention shows, the oldest finished collapse into a count', async () => {
    const now = Date.now();
    for (let i = 0; i < 300; i++) {
      const id = `L-many${String(i).padStart(3, '0')}`;
      await ctx.t.bot.db.links.create({
        id, kind: 'hosted', outcome: 'issued', teamId: 'T0TEAM', channelId: null, issuerId: USERS.csm.id, issuerName: 'carl', orgQuery: `cust${i}`,
        idp: null, note: null, scope: 'sso', createdAt: new Date(now - (300 - i) * 60_000 - (i < 20 ? 5 * DAY : 0)), orgId: `org_many${i}`, orgName: `Customer ${i}`,
        tokenHash: `hash-${i}`, scalekitLinkId: null, expiresAt: new Date(now + 7 * DAY),
      });
      if (i >= 40) await ctx.t.bot.db.links.claimSetupNotice({ linkId: id, part: 'sso', actor: 'test', messages: [] });
    }
    await ctx.t.slack.openHome(USERS.csm.id);
    const view = await ctx.t.slack.waitForHomeView(USERS.csm.id, (shown) => text(shown).includes('finished customers not shown'), 10_000);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const shown = rows(view);
    // The 20 unopened for five days first, then the other 20 in progress, then the newest finished.
    expect(shown.slice(0, 20).every((row) => row.includes('not opened yet'))).toBe(true);
    expect(shown.filter((row) => !row.includes('finished')).length).toBe(40);
    expect(shown.at(-1)).toContain('SSO on, finished');
    const hidden = 300 - shown.length;
    expect(text(view)).toContain(`${hidden} finished customers not shown`);
    expect(shown.some((row) => row.includes('Customer 299'))).toBe(true);
    expect(shown.some((row) => row.includes('Customer 40 '))).toBe(false);
  });
});
