import { describe, expect, it } from 'vitest';
import { asIssued } from '../helpers/fixtures.js';
import { Code } from '../../emulators/scalekit/server.js';
import { fakeTriggerId, sendInteraction, type SlackApiCall } from '../../emulators/slack/index.js';
import { IDP_GUIDES } from '../../src/core/guides.js';
import { ISSUE_MODAL_CALLBACK_ID } from '../../src/slack/blocks/issue-modal.js';
import { ISSUE_HERE_SHORTCUT, ISSUE_SHORTCUT } from '../../src/slack/listeners/shortcuts/index.js';
import { rawQuery } from '../helpers/database.js';
import { findLink, linkIn, messageText, ORGS, SIGNING_SECRET, TEAM_ID, USERS, useTestBot } from '../helpers/bot.js';

type User = (typeof USERS)[keyof typeof USERS];
type Block = { type: string; block_id?: string; element?: Record<string, unknown> };
type View = { callback_id: string; private_metadata: string; blocks: Block[]; title: unknown; submit: unknown; close: unknown };

/** What a CSM fills in; unset fields are submitted empty, as Slack does for untouched optional inputs. */
interface Fields {
  customer?: string;
  kind?: 'hosted' | 'direct';
  scope?: string;
  lifetime?: string;
  idp?: string;
  note?: string;
  channel?: string;
  post?: boolean;
}

const team = { id: TEAM_ID, domain: 'fake-team' };
const userOf = (user: User) => ({ id: user.id, username: user.name, name: user.name, team_id: TEAM_ID });
const selected = (value: string | undefined) => (value === undefined ? null : { text: { type: 'plain_text', text: value, emoji: true }, value });

/** view.state.values as Slack builds it: every input block of the view, keyed block_id → action_id. */
function stateValues(view: View, fields: Fields) {
  const value = (block: Block): Record<string, unknown> => {
    switch (block.block_id) {
      case 'customer':
        return { value: fields.customer ?? null };
      case 'kind':
        return { selected_option: selected(fields.kind ?? 'hosted') };
      case 'scope':
        return { selected_option: selected(fields.scope ?? 'all') };
      case 'lifetime':
        return { selected_option: selected(fields.lifetime ?? '7d') };
      case 'idp':
        return { selected_option: selected(fields.idp) };
      case 'note':
        return { value: fields.note ?? null };
      case 'channel':
        return { selected_conversation: fields.channel ?? null };
      case 'post':
        return { selected_options: fields.post ? [{ text: { type: 'mrkdwn', text: '*Post it in the channel*' }, value: 'post' }] : [] };
      default:
        throw new Error(`unexpected input ${block.block_id}`);
    }
  };
  const inputs = view.blocks.filter((block) => block.type === 'input');
  return Object.fromEntries(
    inputs.map((block) => {
      const element = block.element as { type: string; action_id: string };
      return [block.block_id, { [element.action_id]: { type: element.type, ...value(block) } }];
    }),
  );
}

describe('the "Send SSO setup link" shortcuts and modal, through the real Bolt app', () => {
  const ctx = useTestBot({ scalekitTimeoutMs: 800, aliases: { acme: ORGS.acme.id }, resetFakes: true });

  const send = (payload: Record<string, unknown>) => sendInteraction({ appUrl: ctx.t.appUrl, signingSecret: SIGNING_SECRET, payload });

  /** Presses a shortcut and returns the modal the bot opened with views.open. */
  async function openModal(where: { channelId?: string } = {}, user: User = USERS.csm): Promise<View> {
    const common = { token: 'fake-verification-token', action_ts: `${Date.now() / 1000}`, team, is_enterprise_install: false, enterprise: null };
    const triggerId = fakeTriggerId();
    const payload = where.channelId
      ? {
          ...common,
          type: 'message_action',
          callback_id: ISSUE_HERE_SHORTCUT,
          trigger_id: triggerId,
          user: userOf(user),
          channel: { id: where.channelId, name: 'customer-acme' },
          message_ts: '1700000000.000100',
          message: { type: 'message', user: USERS.admin.id, ts: '1700000000.000100', text: 'Acme wants SSO' },
          response_url: ctx.t.slack.responseUrl(),
        }
      : { ...common, type: 'shortcut', callback_id: ISSUE_SHORTCUT, trigger_id: triggerId, user: userOf(user) };
    const ack = await send(payload);
    expect(ack.status).toBe(200);
    expect(ack.body).toBe('');
    const call = await ctx.t.slack.waitForCall('views.open', (c) => c.args.trigger_id === triggerId);
    return call.args.view as View;
  }

  /** Presses Send on `view` as Slack would post it. */
  function submit(view: View, fields: Fields, user: User = USERS.csm) {
    return send({
      type: 'view_submission',
      team,
      user: userOf(user),
      api_app_id: 'A0FAKEAPP',
      token: 'fake-verification-token',
      trigger_id: fakeTriggerId(),
      view: {
        ...view,
        id: 'V0MODAL1',
        team_id: TEAM_ID,
        type: 'modal',
        state: { values: stateValues(view, fields) },
        hash: '1700000000.abcdef',
        root_view_id: 'V0MODAL1',
        previous_view_id: null,
        clear_on_close: false,
        notify_on_close: false,
        app_id: 'A0FAKEAPP',
        bot_id: 'B0BOT',
        external_id: '',
      },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    });
  }

  const text = (call: SlackApiCall) => messageText(call.args as { text?: string; blocks?: unknown[] });
  const latestLink = async (user: User = USERS.csm) => (await ctx.t.bot.db.links.recent({ issuerId: user.id, limit: 1 }))[0];

  describe('opening the modal', () => {
    it('a global shortcut opens it with every field and asks where to post', async () => {
      const view = await openModal();
      expect(view.callback_id).toBe(ISSUE_MODAL_CALLBACK_ID);
      expect(JSON.parse(view.private_metadata)).toEqual({ channelId: null });
      const byId = Object.fromEntries(view.blocks.map((b) => [b.block_id, b]));
      expect(Object.keys(byId)).toEqual(expect.arrayContaining(['customer', 'kind', 'scope', 'lifetime', 'idp', 'note', 'channel', 'post']));
      expect(byId.channel).toMatchObject({ optional: true, element: { type: 'conversations_select' } });
      expect(byId.customer).toMatchObject({ element: { type: 'plain_text_input' } });
      expect(byId.customer).not.toHaveProperty('optional');
      expect(byId.kind?.element).toMatchObject({ type: 'radio_buttons', initial_option: { value: 'hosted' } });
      expect(byId.scope?.element).toMatchObject({ type: 'radio_buttons', initial_option: { value: 'all' } });
      expect((byId.scope?.element?.options as Array<{ value: string }>).map((o) => o.value)).toEqual(['all', 'sso', 'directory']);
      expect(byId.lifetime?.element).toMatchObject({ type: 'static_select', initial_option: { value: '7d', text: { text: '7 days' } } });
      expect((byId.lifetime?.element?.options as Array<{ value: string }>).map((o) => o.value)).toEqual(['1d', '3d', '7d', '14d', '30d']);
      expect((byId.idp?.element?.options as unknown[]).length).toBe(IDP_GUIDES.length);
      expect(byId.note).toMatchObject({ optional: true, element: { multiline: true, max_length: 500 } });
      expect(byId.post?.element).not.toHaveProperty('initial_options');
    });

    it('a message shortcut keeps its channel in the view instead of asking', async () => {
      const view = await openModal({ channelId: 'C0ACME' });
      expect(JSON.parse(view.private_metadata)).toEqual({ channelId: 'C0ACME' });
      expect(view.blocks.map((b) => b.block_id)).not.toContain('channel');
      expect(JSON.stringify(view.blocks)).toContain('<#C0ACME>');
    });

    it('tells the CSM privately when the form cannot be opened (an expired trigger)', async () => {
      ctx.t.slack.failNext('views.open', 'expired_trigger_id');
      await expect(openModal({ channelId: 'C0ACME' })).resolves.toBeDefined();
      const told = await ctx.t.slack.waitForCall('chat.postEphemeral', (c) => c.args.user === USERS.csm.id);
      expect(told.args.channel).toBe('C0ACME');
      expect(text(told)).toContain('Something went wrong on our side');
    });
  });

  describe('sending', () => {
    it('issues a hosted link and shows it only to the CSM, in the channel of the message', async () => {
      const view = await openModal({ channelId: 'C0ACME' });
      const ack = await submit(view, { customer: 'acme' });
      expect(ack.status).toBe(200);
      expect(ack.body).toBe(''); // closes the modal
      const reply = await ctx.t.slack.waitForCall('chat.postEphemeral');
      expect(reply.args).toMatchObject({ channel: 'C0ACME', user: USERS.csm.id });
      const link = linkIn(text(reply));
      expect(text(reply)).toContain('in 7 days');
      const record = await latestLink();
      expect(link.id).toBe(record?.id);
      expect(record).toMatchObject({ outcome: 'issued', kind: 'hosted', orgId: ORGS.acme.id, channelId: 'C0ACME', teamId: TEAM_ID, issuerName: 'Carl CSM', note: null });
      expect(asIssued(record).expiresAt.getTime() - asIssued(record).createdAt.getTime()).toBe(7 * 86_400_000);
      expect(ctx.t.slack.callsTo('chat.postMessage')).toEqual([]);
    });

    it('honours lifetime, identity provider and note', async () => {
      const view = await openModal({ channelId: 'C0ACME' });
      await submit(view, { customer: 'acme', lifetime: '3d', idp: 'okta', note: '  kick-off call with Dana ' });
      const reply = await ctx.t.slack.waitForCall('chat.postEphemeral');
      expect(text(reply)).toContain('in 3 days');
      expect(text(reply)).toContain('sso-integrations/okta-saml');
      expect(text(reply)).toContain('kick-off call with Dana');
      const record = await latestLink();
      expect(record).toMatchObject({ idp: 'okta', note: 'kick-off call with Dana' });
      expect(asIssued(record).expiresAt.getTime() - asIssued(record).createdAt.getTime()).toBe(3 * 86_400_000);
    });

    it('limits the portal to the part chosen, for a hosted page and a direct link', async () => {
      const view = await openModal({ channelId: 'C0ACME' });
      await submit(view, { customer: 'acme', scope: 'directory', idp: 'okta' });
      const reply = await ctx.t.slack.waitForCall('chat.postEphemeral');
      expect(text(reply)).toContain('Directory sync (SCIM) setup for Acme Corp');
      expect(text(reply)).toContain('scim-integrations/okta-scim');
      expect(text(reply)).not.toContain('sso-integrations/');
      expect(await latestLink()).toMatchObject({ kind: 'hosted', scope: 'directory' });

      await submit(await openModal({ channelId: 'C0ACME' }), { customer: 'acme', kind: 'direct', scope: 'sso' });
      await ctx.t.slack.waitForCall('chat.postEphemeral', (call) => text(call).includes('Single-use SSO setup link'));
      expect(await latestLink()).toMatchObject({ kind: 'direct', scope: 'sso' });
      expect(ctx.t.scalekit.portalLinks.at(-1)?.features).toEqual(['sso']);
    });

    it('keeps a note that spans lines, as the multi-line field allows', async () => {
      const view = await openModal({ channelId: 'C0ACME' });
      const ack = await submit(view, { customer: 'acme', note: 'kick-off call\nwith Dana' });
      expect(ack.body).toBe('');
      await ctx.t.slack.waitForCall('chat.postEphemeral');
      expect(await latestLink()).toMatchObject({ outcome: 'issued', note: 'kick-off call\nwith Dana' });
    });

    it('from a global shortcut without a channel, sends a direct link as a DM (the lifetime does not apply)', async () => {
      const view = await openModal();
      await submit(view, { customer: `ext:${ORGS.acme.externalId}`, kind: 'direct', lifetime: '30d' });
      const dm = await ctx.t.slack.waitForCall('chat.postMessage');
      expect(dm.args).toMatchObject({ channel: USERS.csm.id, unfurl_links: 'false', unfurl_media: 'false' });
      expect(text(dm)).toContain(ctx.t.scalekit.portalLinks.at(-1)?.location as string);
      expect(text(dm)).toContain('within a minute');
      expect(await latestLink()).toMatchObject({ outcome: 'issued', kind: 'direct', channelId: null });
      expect(ctx.t.slack.callsTo('chat.postEphemeral')).toEqual([]);
    });

    it('posts in the chosen channel with unfurling off when asked, and confirms to the CSM', async () => {
      const view = await openModal();
      await submit(view, { customer: 'acme', channel: 'C0GLOBEX', post: true });
      const post = await ctx.t.slack.waitForCall('chat.postMessage');
      expect(post.args).toMatchObject({ channel: 'C0GLOBEX', unfurl_links: 'false', unfurl_media: 'false' });
      expect(findLink(JSON.stringify(post.args.blocks))).toBeDefined();
      const confirmation = await ctx.t.slack.waitForCall('chat.postEphemeral');
      expect(confirmation.args).toMatchObject({ channel: 'C0GLOBEX', user: USERS.csm.id });
      expect(text(confirmation)).toContain('Posted link');
      expect(await latestLink()).toMatchObject({ outcome: 'issued', channelId: 'C0GLOBEX' });
    });

    it('hands the CSM the link privately when the bot cannot post in the channel', async () => {
      ctx.t.slack.failNext('chat.postMessage', 'not_in_channel');
      ctx.t.slack.failNext('chat.postEphemeral', 'channel_not_found');
      const view = await openModal({ channelId: 'C0ACME' });
      await submit(view, { customer: 'acme', post: true });
      const dm = await ctx.t.slack.waitForCall('chat.postMessage', (c) => c.args.channel === USERS.csm.id);
      expect(text(dm)).toContain('/invite');
      expect(findLink(text(dm))).toBeDefined();
    });

    it('falls back to a DM when the ephemeral message cannot be shown in the channel', async () => {
      ctx.t.slack.failNext('chat.postEphemeral', 'not_in_channel');
      const view = await openModal({ channelId: 'C0ACME' });
      await submit(view, { customer: 'acme' });
      const dm = await ctx.t.slack.waitForCall('chat.postMessage');
      expect(dm.args.channel).toBe(USERS.csm.id);
      expect(findLink(text(dm))).toBeDefined();
    });
  });

  describe('mistakes in the form keep the modal open, with the error on the field', () => {
    it('an unknown lifetime and a note over 500 characters', async () => {
      const before = await latestLink();
      const view = await openModal({ channelId: 'C0ACME' });
      const ack = await submit(view, { customer: 'acme', lifetime: '90d', note: 'x'.repeat(501) });
      expect(ack.status).toBe(200);
      expect(ack.json).toEqual({
        response_action: 'errors',
        errors: { lifetime: expect.stringContaining('between 1 hour and 30 days'), note: expect.stringContaining('501 characters') },
      });
      expect(await latestLink()).toEqual(before);
      expect(ctx.t.slack.callsTo('chat.postEphemeral')).toEqual([]);
    });

    it('"Post it in the channel" without a channel', async () => {
      const view = await openModal();
      const ack = await submit(view, { customer: 'acme', post: true });
      expect(ack.json).toMatchObject({ response_action: 'errors', errors: { channel: expect.stringContaining('Choose the channel') } });
    });

    // Found by the fuzz test: the channel was posted to, and named back as `<#<!here>>`, a live broadcast.
    it('metadata sent back with no channel id in it (not as the bot wrote it): the link comes privately and nothing is named', async () => {
      const view = await openModal({ channelId: 'C0ACME' });
      await submit({ ...view, private_metadata: JSON.stringify({ channelId: '<!here>' }) }, { customer: 'acme' });
      const reply = await ctx.t.slack.waitForCall('chat.postMessage', (c) => c.args.channel === USERS.csm.id);
      expect(linkIn(text(reply)).id).toBe((await latestLink())?.id);
      expect(text(reply)).not.toContain('<!here>');
      expect(ctx.t.slack.callsTo('chat.postEphemeral')).toEqual([]);
      expect(await latestLink()).toMatchObject({ outcome: 'issued', channelId: null });

      const posting = await submit({ ...view, private_metadata: JSON.stringify({ channelId: 'C0ACME><!channel' }) }, { customer: 'acme', post: true });
      expect(posting.json).toMatchObject({ response_action: 'errors', errors: { channel: expect.stringContaining('Choose the channel') } });
    });

    it('a choice of what the link sets up that the form does not offer', async () => {
      const before = await latestLink();
      const ack = await submit(await openModal(), { customer: 'acme', scope: 'everything' });
      expect(ack.json).toEqual({ response_action: 'errors', errors: { scope: expect.stringContaining('Choose what the link sets up') } });
      expect(await latestLink()).toEqual(before);
    });

    it('a blank customer, or an identity provider not in the list', async () => {
      const view = await openModal();
      const ack = await submit(view, { customer: '   ', idp: 'myspace' });
      expect(ack.json).toMatchObject({ response_action: 'errors', errors: { customer: expect.any(String), idp: expect.any(String) } });
    });
  });

  describe('problems once the modal has closed are told to the CSM privately', () => {
    it('an unknown customer, with the aliases that come close', async () => {
      const view = await openModal({ channelId: 'C0ACME' });
      expect((await submit(view, { customer: 'acmee' })).body).toBe('');
      const reply = await ctx.t.slack.waitForCall('chat.postEphemeral');
      expect(reply.args).toMatchObject({ channel: 'C0ACME', user: USERS.csm.id });
      expect(text(reply)).toContain('`acme`');
      expect(await latestLink()).toMatchObject({ outcome: 'failed', orgQuery: 'acmee', channelId: 'C0ACME' });
    });

    it('a stranger is refused, and the attempt is audited as failed', async () => {
      const view = await openModal({}, USERS.stranger);
      await submit(view, { customer: 'acme' }, USERS.stranger);
      const dm = await ctx.t.slack.waitForCall('chat.postMessage');
      expect(dm.args.channel).toBe(USERS.stranger.id);
      expect(text(dm)).toContain("aren't allowed");
      expect(findLink(text(dm))).toBeUndefined();
      expect(await latestLink(USERS.stranger)).toMatchObject({ outcome: 'failed', failureReason: 'not authorized to issue', issuerName: 'Sam Stranger' });
    });

    it('anything unexpected, as a generic message with a reference that is in the log', async () => {
      await rawQuery(ctx.database, `CREATE TRIGGER refuse_links BEFORE INSERT ON "Link" BEGIN SELECT RAISE(ABORT, 'disk is full'); END`);
      try {
        const view = await openModal({ channelId: 'C0ACME' });
        await submit(view, { customer: 'acme' });
        const reply = await ctx.t.slack.waitForCall('chat.postEphemeral');
        expect(text(reply)).toContain('nothing was sent');
        expect(findLink(text(reply))).toBeUndefined();
        const reference = /reference `([0-9a-f]{8})`/.exec(text(reply))?.[1] as string;
        expect(ctx.t.logs.join('')).toContain(`ref ${reference}`);
      } finally {
        await rawQuery(ctx.database, 'DROP TRIGGER refuse_links');
      }
    });

    it('Scalekit being down', async () => {
      ctx.t.scalekit.setFailure(Code.Unavailable);
      try {
        const view = await openModal({ channelId: 'C0ACME' });
        await submit(view, { customer: 'acme', kind: 'direct' });
        const reply = await ctx.t.slack.waitForCall('chat.postEphemeral');
        expect(text(reply)).toContain('Scalekit is not answering');
      } finally {
        ctx.t.scalekit.setFailure(null);
      }
    });
  });
});
