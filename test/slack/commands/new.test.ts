import { describe, expect, it } from 'vitest';
import { Code } from '../../../emulators/scalekit/server.js';
import { fakeTriggerId, sendInteraction } from '../../../emulators/slack/index.js';
import { SEND_FIRST_LINK_ACTION } from '../../../src/slack/blocks/new-customer.js';
import { ISSUE_MODAL_CALLBACK_ID } from '../../../src/slack/blocks/issue-modal.js';
import { databaseKinds } from '../../helpers/database.js';
import { buttonIn } from '../../helpers/buttons.js';
import { findLink, ORGS, SIGNING_SECRET, TEAM_ID, USERS, useTestBot, type Reply } from '../../helpers/bot.js';

const admin = { userId: USERS.admin.id };

describe.each(databaseKinds)('/sso-portal new and the domains in status, through the real Bolt app, on $kind', ({ create }) => {
  const ctx = useTestBot({ create, scalekitTimeoutMs: 800, aliases: { acme: ORGS.acme.id }, resetFakes: true });

  const createCalls = () => ctx.t.scalekit.calls.filter((call) => call.method === 'CreateOrganization');
  const domainsOf = (orgId: string) => ctx.t.scalekit.domains.filter((d) => d.orgId === orgId).map((d) => `${d.domain} ${d.status}`);

  /** The org id the reply names after "Created". */
  const createdOrgId = (reply: Reply) => /Created .* in Scalekit \(`(org_[a-f0-9]+)`/.exec(reply.all)?.[1] ?? '';

  it('creates the organization with its external id and domains, maps the alias and the channel, and offers to send the first link', async () => {
    const reply = await ctx.t.command('new "Hooli" --alias hooli --external-id CUST-500 --domain hooli.com --domain hooli.io --channel', { ...admin, channelId: 'C0HOOLI' });
    expect(reply.all).toContain('Created *Hooli* in Scalekit');
    const orgId = createdOrgId(reply);
    expect(orgId).toMatch(/^org_/);
    expect(reply.all).toContain('`hooli` → *Hooli*. <#C0HOOLI> now defaults to it');
    expect(reply.all).toContain('*Domains* (2 of 2 registered)');
    expect(reply.all).toContain('`hooli.com` · added · :hourglass_flowing_sand: waiting for verification');
    expect(createCalls()).toEqual([expect.objectContaining({ request: { organization: expect.objectContaining({ displayName: 'Hooli', externalId: 'CUST-500' }) } })]);
    expect(domainsOf(orgId)).toEqual(['hooli.com PENDING', 'hooli.io PENDING']);
    expect(await ctx.t.bot.db.mappings.find('hooli')).toMatchObject({ orgId, externalId: 'CUST-500', displayName: 'Hooli', createdBy: USERS.admin.id });
    expect(await ctx.t.bot.db.mappings.findByChannel(TEAM_ID, 'C0HOOLI')).toMatchObject({ alias: 'hooli', orgId });

    // The channel now names the customer: a CSM there sends its link with the command alone.
    const link = await ctx.t.command('', { userId: USERS.csm.id, channelId: 'C0HOOLI' });
    expect(findLink(link.all)).toBeDefined();
    expect(link.all).toContain('Hooli');

    // Send the first link: the issue form, with the customer filled in.
    const button = buttonIn(reply.message, SEND_FIRST_LINK_ACTION);
    expect(button).toMatchObject({ text: { text: 'Send the first link' }, value: 'hooli' });
    const triggerId = fakeTriggerId();
    const pressed = await sendInteraction({
      appUrl: ctx.t.appUrl,
      signingSecret: SIGNING_SECRET,
      payload: {
        type: 'block_actions',
        team: { id: TEAM_ID },
        user: { id: USERS.admin.id, team_id: TEAM_ID },
        channel: { id: 'C0HOOLI', name: 'customer-hooli' },
        container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0HOOLI', is_ephemeral: true },
        actions: [{ action_id: button.action_id, block_id: 'b', type: 'button', value: button.value, action_ts: '1' }],
        trigger_id: triggerId,
        response_url: ctx.t.slack.responseUrl(),
      },
    });
    expect(pressed.status).toBe(200);
    const opened = await ctx.t.slack.waitForCall('views.open', (call) => call.args.trigger_id === triggerId);
    const view = opened.args.view as { callback_id: string; private_metadata: string; blocks: Array<{ block_id?: string; element?: { initial_value?: string } }> };
    expect(view.callback_id).toBe(ISSUE_MODAL_CALLBACK_ID);
    expect(view.blocks.find((block) => block.block_id === 'customer')?.element?.initial_value).toBe('hooli');
    expect(JSON.parse(view.private_metadata)).toEqual({ channelId: 'C0HOOLI' });
  });

  it('maps the organization Scalekit has with the external id instead of making a second one', async () => {
    const reply = await ctx.t.command(`new "Acme Corporation" --alias acme-corp --external-id ${ORGS.acme.externalId} --domain acme.com`, admin);
    expect(reply.all).toContain(`Scalekit already has *Acme Corp* (\`${ORGS.acme.id}\` · external id \`${ORGS.acme.externalId}\`): mapped it, nothing new created.`);
    expect(reply.all).toContain('`acme.com` · added');
    expect(createCalls()).toEqual([]);
    expect(await ctx.t.bot.db.mappings.find('acme-corp')).toMatchObject({ orgId: ORGS.acme.id, displayName: 'Acme Corp' });
    expect(domainsOf(ORGS.acme.id)).toEqual(['acme.com PENDING']);
  });

  it('reports a domain another organization holds, leaves it there, and registers the rest', async () => {
    ctx.t.scalekit.addDomain(ORGS.globex.id, 'globex.com', 'VERIFIED');
    const reply = await ctx.t.command('new "Globex Two" --domain globex.com --domain globex2.com --domain gmail.com', admin);
    expect(reply.all).toContain('Created *Globex Two*');
    expect(reply.all).toContain('*Domains* (1 of 3 registered)');
    expect(reply.all).toContain('`globex.com` · :no_entry: not added: an organization in Scalekit already has it');
    expect(reply.all).toContain('`gmail.com` · :no_entry: not added: Scalekit takes it from no one');
    expect(reply.all).toContain('`globex2.com` · added');
    expect(domainsOf(ORGS.globex.id)).toEqual(['globex.com VERIFIED']);
    expect(domainsOf(createdOrgId(reply))).toEqual(['globex2.com PENDING']);
    expect(await ctx.t.bot.db.mappings.find('globex-two')).toMatchObject({ orgId: createdOrgId(reply) });
  });

  it('refuses anyone but an admin, asking nothing of Scalekit', async () => {
    for (const userId of [USERS.csm.id, USERS.stranger.id]) {
      const reply = await ctx.t.command('new "Stranger Things" --domain hawkins.com', { userId });
      expect(reply.all).toContain('Only admins (`SSO_PORTAL_ADMINS`) can add customers.');
      expect(findLink(reply.all)).toBeUndefined();
    }
    expect(ctx.t.scalekit.calls).toEqual([]);
    expect(await ctx.t.bot.db.mappings.find('stranger-things')).toBeNull();
  });

  it('refuses an alias that names another customer, and input it cannot take, creating nothing', async () => {
    const taken = await ctx.t.command('new "Acme" --domain acme.net', admin);
    expect(taken.all).toContain('`acme` (made from the name) already names *Acme Corp*');
    expect(taken.all).toContain('so nothing was created');
    for (const [text, expected] of [
      ['new Initrode Corp', 'Quote a name with spaces'],
      ['new "Initrode" --domain initrode', '`initrode` is not a domain'],
      ['new "Help"', "I can't make an alias from the name `Help`"],
    ]) {
      const reply = await ctx.t.command(text as string, admin);
      expect(reply.all, text).toContain(expected);
      expect(reply.all, text).toContain('/sso-portal new'); // the usage
    }
    expect(createCalls()).toEqual([]);
  });

  it('creates nothing when Scalekit does not answer, and says so', async () => {
    ctx.t.scalekit.setFailure(Code.Internal);
    const reply = await ctx.t.command('new "Initrode" --domain initrode.com', admin);
    expect(reply.all).toContain('Scalekit is not answering right now, so no customer was confirmed or mapped');
    ctx.t.scalekit.setFailure(null);
    expect(await ctx.t.bot.db.mappings.find('initrode')).toBeNull();
    expect(ctx.t.scalekit.domains.map((d) => d.domain)).not.toContain('initrode.com');
  });

  it('says what was done and what not when Scalekit stops part way, and the same command again finishes the job', async () => {
    ctx.t.scalekit.failNext('CreateDomain', Code.Internal, undefined, { after: 1 });
    const first = await ctx.t.command('new "Vandelay" --external-id CUST-600 --domain vandelay.com --domain vandelay.io --domain vandelay.net', admin);
    const orgId = createdOrgId(first);
    expect(first.all).toContain('Created *Vandelay*');
    expect(first.all).toContain('*Domains* (1 of 3 registered)');
    expect(first.all).toContain('`vandelay.io` · :warning: not added: Scalekit stopped answering');
    expect(first.all).toContain('`vandelay.net` · :warning: not added: Scalekit stopped answering');
    expect(first.all).toContain('Scalekit stopped answering part way: 2 of 3 domains not added.');
    expect(first.all).toContain('or add the customer again with the same external id');
    expect(domainsOf(orgId)).toEqual(['vandelay.com PENDING']);
    expect(await ctx.t.bot.db.mappings.find('vandelay')).toMatchObject({ orgId });
    expect(buttonIn(first.message, SEND_FIRST_LINK_ACTION).value).toBe('vandelay');

    const again = await ctx.t.command('new "Vandelay" --external-id CUST-600 --domain vandelay.com --domain vandelay.io --domain vandelay.net', admin);
    expect(again.all).toContain('Scalekit already has *Vandelay*');
    expect(again.all).toContain('*Domains* (3 of 3 registered)');
    expect(again.all).toContain('`vandelay.com` · it had it already');
    expect(again.all).not.toContain('stopped answering');
    expect(domainsOf(orgId)).toEqual(['vandelay.com PENDING', 'vandelay.io PENDING', 'vandelay.net PENDING']);
    expect(createCalls()).toHaveLength(1);
  });

  it("status lists the customer's domains with their verification, and stands without them when Scalekit cannot list them", async () => {
    ctx.t.scalekit.addDomain(ORGS.acme.id, 'acme.org', 'VERIFIED');
    ctx.t.scalekit.addDomain(ORGS.acme.id, 'acme.co.uk', 'FAILED');
    const status = await ctx.t.command('status acme', { userId: USERS.csm.id });
    expect(status.all).toContain('*Domains*');
    expect(status.all).toContain('`acme.org` · :white_check_mark: verified');
    expect(status.all).toContain('`acme.co.uk` · :x: verification failed');

    ctx.t.scalekit.failNext('ListDomains', Code.Internal);
    const without = await ctx.t.command('status acme', { userId: USERS.csm.id });
    expect(without.all).toContain('Setup status for Acme Corp');
    expect(without.all).toContain('*Domains*\nScalekit did not answer, so they are missing here.');
    expect(without.all).toContain('*SSO connections*');
  });

  it('help names new', async () => {
    const help = await ctx.t.command('help');
    expect(help.all).toContain('/sso-portal new "&lt;name&gt;" [--alias acme] [--external-id ID] [--domain acme.com ...] [--channel]');
  });
});
