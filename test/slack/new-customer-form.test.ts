// The "New customer" button and form, through the real Bolt app: the same use case and reply as
// `/sso-portal new`, sent to the admin's direct message once the form closes.
import { describe, expect, it } from 'vitest';
import { Code } from '../../emulators/scalekit/server.js';
import { fakeTriggerId, sendInteraction, type SlackApiCall } from '../../emulators/slack/index.js';
import { SEND_FIRST_LINK_ACTION } from '../../src/slack/blocks/new-customer.js';
import { NEW_CUSTOMER_ACTION, NEW_CUSTOMER_MODAL_CALLBACK_ID } from '../../src/slack/blocks/new-customer-modal.js';
import { buttonIn } from '../helpers/buttons.js';
import { messageText, ORGS, SIGNING_SECRET, TEAM_ID, USERS, useTestBot } from '../helpers/bot.js';

type User = (typeof USERS)[keyof typeof USERS];
type Block = { type: string; block_id?: string; optional?: boolean; element?: { type: string; action_id: string } };
type View = { callback_id: string; blocks: Block[] };

/** What an admin fills in; unset fields are submitted empty, as Slack does for untouched optional inputs. */
interface Fields {
  name?: string;
  alias?: string;
  external_id?: string;
  domains?: string;
  channel?: string;
}

const team = { id: TEAM_ID, domain: 'fake-team' };
const userOf = (user: User) => ({ id: user.id, username: user.name, name: user.name, team_id: TEAM_ID });

describe('the New customer button and form, through the real Bolt app', () => {
  const ctx = useTestBot({ scalekitTimeoutMs: 800, aliases: { acme: ORGS.acme.id }, resetFakes: true });

  const send = (payload: Record<string, unknown>) => sendInteraction({ appUrl: ctx.t.appUrl, signingSecret: SIGNING_SECRET, payload });
  const text = (call: SlackApiCall) => messageText(call.args as { text?: string; blocks?: unknown[] });
  const dmTo = async (user: User) => text(await ctx.t.slack.waitForCall('chat.postMessage', (c) => c.args.channel === user.id));

  /** Presses New customer on the Home tab (no channel, no response URL), as `user`; the trigger id it carried. */
  async function pressOnHome(user: User): Promise<string> {
    const triggerId = fakeTriggerId();
    const pressed = await send({
      type: 'block_actions',
      team,
      user: userOf(user),
      api_app_id: 'A0FAKEAPP',
      token: 'fake-verification-token',
      container: { type: 'view', view_id: 'V0HOME' },
      view: { id: 'V0HOME', type: 'home', team_id: TEAM_ID, blocks: [], private_metadata: '', callback_id: '', state: { values: {} }, hash: '1700000000.home' },
      actions: [{ action_id: NEW_CUSTOMER_ACTION, block_id: 'board', type: 'button', action_ts: '1' }],
      trigger_id: triggerId,
    });
    expect(pressed).toMatchObject({ status: 200, body: '' });
    return triggerId;
  }

  async function openForm(): Promise<View> {
    const triggerId = await pressOnHome(USERS.admin);
    return (await ctx.t.slack.waitForCall('views.open', (c) => c.args.trigger_id === triggerId)).args.view as View;
  }

  /** Presses Add on `view` as Slack would post it. */
  function submit(view: View, fields: Fields, user: User = USERS.admin) {
    const values = Object.fromEntries(
      view.blocks
        .filter((block) => block.type === 'input')
        .map((block) => {
          const element = block.element as { type: string; action_id: string };
          const id = block.block_id as keyof Fields;
          const value = element.type === 'conversations_select' ? { selected_conversation: fields[id] ?? null } : { value: fields[id] ?? null };
          return [id, { [element.action_id]: { type: element.type, ...value } }];
        }),
    );
    return send({
      type: 'view_submission',
      team,
      user: userOf(user),
      api_app_id: 'A0FAKEAPP',
      token: 'fake-verification-token',
      trigger_id: fakeTriggerId(),
      view: { ...view, id: 'V0FORM', team_id: TEAM_ID, type: 'modal', private_metadata: '', state: { values }, hash: '1.a', app_id: 'A0FAKEAPP', bot_id: 'B0BOT' },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    });
  }

  describe('opening the form', () => {
    it('orgs offers the button, and it opens the form with every field', async () => {
      const orgs = await ctx.t.command('orgs', { userId: USERS.admin.id });
      expect(buttonIn(orgs.message, NEW_CUSTOMER_ACTION).text.text).toBe('New customer');

      const view = await openForm();
      expect(view.callback_id).toBe(NEW_CUSTOMER_MODAL_CALLBACK_ID);
      const byId = Object.fromEntries(view.blocks.map((block) => [block.block_id, block]));
      expect(Object.keys(byId)).toEqual(['name', 'alias', 'external_id', 'domains', 'channel']);
      expect(byId.name).toMatchObject({ optional: false, element: { type: 'plain_text_input', max_length: 100 } });
      expect(byId.domains).toMatchObject({ optional: true, element: { multiline: true } });
      expect(byId.channel).toMatchObject({ optional: true, element: { type: 'conversations_select' } });
    });

    it('tells anyone but an admin why, instead of opening it', async () => {
      await pressOnHome(USERS.csm);
      expect(await dmTo(USERS.csm)).toContain('Only admins (`SSO_PORTAL_ADMINS`) can add customers.');
      expect(ctx.t.slack.callsTo('views.open')).toEqual([]);
    });
  });

  describe('adding', () => {
    it('keeps the form open with what is wrong under each field, creating nothing', async () => {
      const ack = await submit(await openForm(), { name: 'Help', external_id: 'x\u0007', domains: 'initech.com nope' });
      expect(ack.status).toBe(200);
      expect(ack.json).toEqual({
        response_action: 'errors',
        errors: {
          alias: expect.stringContaining('The name makes no alias'),
          external_id: 'The external id contains a control character (U+0007); remove it.',
          domains: '“nope” is not a domain: give the domain alone, e.g. acme.com.',
        },
      });
      expect(ctx.t.scalekit.calls).toEqual([]);
    });

    it('adds the customer and tells the admin in a direct message, with the first link one click away', async () => {
      const ack = await submit(await openForm(), { name: 'Initech Two', external_id: 'CUST-700', domains: 'initech2.com,\ninitech2.io', channel: 'C0INITECH' });
      expect(ack).toMatchObject({ status: 200, body: '' });
      const dm = await ctx.t.slack.waitForCall('chat.postMessage', (c) => c.args.channel === USERS.admin.id);
      expect(text(dm)).toContain('Created *Initech Two* in Scalekit');
      expect(text(dm)).toContain('*Domains* (2 of 2 registered)');
      expect(text(dm)).toContain('<#C0INITECH> now defaults to it');
      expect(buttonIn(dm.args as { blocks?: unknown[] }, SEND_FIRST_LINK_ACTION).value).toBe('initech-two');
      const mapping = await ctx.t.bot.db.mappings.find('initech-two');
      expect(mapping).toMatchObject({ externalId: 'CUST-700', displayName: 'Initech Two', createdBy: USERS.admin.id });
      expect(await ctx.t.bot.db.mappings.findByChannel(TEAM_ID, 'C0INITECH')).toMatchObject({ alias: 'initech-two' });
      expect(ctx.t.scalekit.domains.filter((d) => d.orgId === mapping?.orgId).map((d) => d.domain)).toEqual(['initech2.com', 'initech2.io']);
    });

    it('tells the admin when the alias names another customer, or Scalekit does not answer; nothing is created', async () => {
      await submit(await openForm(), { name: 'Acme' });
      expect(await dmTo(USERS.admin)).toContain('`acme` (made from the name) already names *Acme Corp*');
      ctx.t.slack.reset();

      ctx.t.scalekit.setFailure(Code.Internal);
      await submit(await openForm(), { name: 'Initech Three' });
      expect(await dmTo(USERS.admin)).toContain('Scalekit is not answering right now, so no customer was confirmed or mapped');
      ctx.t.scalekit.setFailure(null);
      expect(await ctx.t.bot.db.mappings.find('initech-three')).toBeNull();
    });

    it('refuses a form sent by someone who is not an admin', async () => {
      await submit(await openForm(), { name: 'Initech Four' }, USERS.csm);
      expect(await dmTo(USERS.csm)).toContain('Only admins (`SSO_PORTAL_ADMINS`) can add customers.');
      expect(ctx.t.scalekit.calls.filter((c) => c.method === 'CreateOrganization')).toEqual([]);
    });
  });
});
