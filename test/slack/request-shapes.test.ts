import { describe, expect, it } from 'vitest';
import { requestProblem, requestTraits } from '../../src/slack/request-shapes.js';

const user = { id: 'U0CSM' };
const shortcut = { type: 'shortcut', callback_id: 'sso_portal_issue', trigger_id: '1.2.3', user };

describe('requestProblem', () => {
  it('takes a well-formed request of a kind the app handles', () => {
    expect(requestProblem(shortcut)).toBeUndefined();
    const command = { command: '/sso-portal', text: '', user_id: 'U0CSM', team_id: 'T0TEAM', channel_id: 'C0GENERAL', response_url: 'https://hooks.slack.com/x' };
    expect(requestProblem(command)).toBeUndefined();
  });

  it("takes a button on the Home tab, which has no response URL, but not one without the trigger id its form needs", () => {
    const view = { id: 'V0HOME', type: 'home', private_metadata: '', hash: '1700000000.abc', state: { values: {} } };
    const press = { type: 'block_actions', user, trigger_id: '1.2.3', container: { type: 'view', view_id: 'V0HOME' }, view, actions: [{ action_id: 'new_customer' }] };
    expect(requestProblem(press)).toBeUndefined();
    expect(requestProblem({ ...press, trigger_id: undefined })).toBe('trigger_id: Invalid input: expected string, received undefined');
  });

  it('refuses what is not an object at all', () => {
    for (const body of [null, undefined, 'shortcut', 42, [shortcut]]) expect(requestProblem(body)).toBe('the payload is not an object');
  });

  it('refuses kinds it has no listener for, whatever their name', () => {
    for (const type of ['constructor', '__proto__', 'toString', 'view_closed', 'block_suggestion']) {
      expect(requestProblem({ ...shortcut, type })).toBe('the app takes no request of this kind');
    }
    expect(requestProblem({ event: { type: 'app_mention' } })).toBe('the app takes no request of this kind');
  });

  it('tells kinds apart as Bolt does: a payload with actions is a block action whatever its type', () => {
    expect(requestProblem({ ...shortcut, actions: [{ action_id: 'revoke_link' }] })).toMatch(/^type: /);
  });

  it('takes only a conversation id where a channel is named, as the bot writes it into messages as `<#id>`', () => {
    const command = { command: '/sso-portal', text: '', user_id: 'U0CSM', team_id: 'T0TEAM', response_url: 'https://hooks.slack.com/x' };
    for (const channel of ['C0GENERAL', 'G0PRIVATE', 'D0CSM']) {
      expect(requestProblem({ ...command, channel_id: channel })).toBeUndefined();
      expect(requestProblem({ ...shortcut, type: 'message_action', channel: { id: channel } })).toBeUndefined();
    }
    for (const channel of ['<!here>', 'C0ACME><!channel', 'c0general', 'U0CSM', 'C0 ACME', '#general']) {
      expect(requestProblem({ ...command, channel_id: channel })).toBe('channel_id: not a conversation id');
      expect(requestProblem({ ...shortcut, type: 'message_action', channel: { id: channel } })).toBe('channel.id: not a conversation id');
      expect(requestProblem({ ...shortcut, channel: { id: channel } })).toBe('channel.id: not a conversation id');
      const form = { type: 'view_submission', user, view: { callback_id: 'x', private_metadata: '', state: { values: { channel: { channel: { selected_conversation: channel } } } } } };
      expect(requestProblem(form)).toBe('view.state.values.channel.channel.selected_conversation: not a conversation id');
    }
  });

  it('names each field that is missing or of the wrong type', () => {
    expect(requestProblem({ ...shortcut, user: { id: 7 }, trigger_id: undefined })).toBe(
      'trigger_id: Invalid input: expected string, received undefined; user.id: Invalid input: expected string, received number',
    );
  });
});

describe('requestProblem on the App Home', () => {
  const homeView = { id: 'V0HOME', type: 'home', private_metadata: '', hash: '1700000000.abc', state: { values: {} } };
  const homeClick = {
    type: 'block_actions',
    user,
    trigger_id: '1700000000.1.abc',
    container: { type: 'view', view_id: 'V0HOME' },
    view: homeView,
    actions: [{ action_id: 'board_filter', block_id: 'filters', type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'Mine' }, value: 'mine' } }],
  };
  const opened = {
    type: 'event_callback',
    team_id: 'T0TEAM',
    event: { type: 'app_home_opened', user: 'U0CSM', channel: 'D0CSM', tab: 'home', event_ts: '1700000000.000100' },
  };

  it('takes a click in a view without a response URL, as Slack sends it from the Home tab', () => {
    expect(requestProblem(homeClick)).toBeUndefined();
  });

  it('still wants the response URL of a click in a message, and the view of a click in a view', () => {
    const inMessage = { ...homeClick, container: { type: 'message', message_ts: '1.2', channel_id: 'C0GENERAL' }, view: undefined };
    expect(requestProblem(inMessage)).toBe('response_url: Invalid input: expected string, received undefined');
    expect(requestProblem({ ...homeClick, container: undefined, view: undefined })).toMatch(/^response_url: /);
    expect(requestProblem({ ...homeClick, view: undefined })).toBe('view: Invalid input: expected object, received undefined');
    expect(requestProblem({ ...homeClick, view: { ...homeView, state: {} } })).toMatch(/^view\.state\.values: /);
  });

  it("checks a selection's shape when there is one", () => {
    expect(requestProblem({ ...homeClick, actions: [{ action_id: 'board_owner', selected_user: 7 }] })).toMatch(/^actions\.0\.selected_user: /);
  });

  it('takes app_home_opened, with or without the view published for that person', () => {
    expect(requestProblem(opened)).toBeUndefined();
    expect(requestProblem({ ...opened, event: { ...opened.event, view: { ...homeView, blocks: [] } } })).toBeUndefined();
    expect(requestProblem({ ...opened, event: { ...opened.event, tab: 'messages' } })).toBeUndefined();
  });

  it('refuses an app_home_opened without its user or tab, and events the app has no listener for', () => {
    expect(requestProblem({ ...opened, event: { ...opened.event, user: undefined } })).toMatch(/^event\.user: /);
    expect(requestProblem({ ...opened, event: { ...opened.event, tab: 'about' } })).toMatch(/^event\.tab: /);
    expect(requestProblem({ ...opened, event: { ...opened.event, type: 'app_uninstalled' } })).toBe('the app takes no request of this kind');
    expect(requestProblem({ ...opened, event: { ...opened.event, type: 'constructor' } })).toBe('the app takes no request of this kind');
  });

  it('names the event type in what it tells of a request', () => {
    expect(requestTraits(opened)).toEqual({ kind: 'event', name: 'app_home_opened', sender: undefined });
  });
});

describe('requestTraits', () => {
  it('reads who sent a request and what it names, whatever its shape', () => {
    expect(requestTraits({ type: 'block_actions', user, channel: { id: 'C0ACME' }, actions: [{ action_id: 'x' }] })).toEqual({
      kind: 'block action',
      name: 'x',
      sender: { userId: 'U0CSM', channelId: 'C0ACME' },
    });
    expect(requestTraits({ type: 'view_submission', user: 'U0CSM', view: { callback_id: 7 } })).toEqual({ kind: 'view_submission', name: undefined, sender: undefined });
    expect(requestTraits(null)).toEqual({ kind: 'request of no known kind', name: undefined, sender: undefined });
  });

  it('never takes a channel for a user to send a direct message to', () => {
    expect(requestTraits({ ...shortcut, user: { id: 'C0GENERAL' } }).sender).toBeUndefined();
  });

  it('tells the sender in a direct message when the channel it names is no conversation id', () => {
    expect(requestTraits({ ...shortcut, channel: { id: '<!here>' } }).sender).toEqual({ userId: 'U0CSM', channelId: null });
    expect(requestTraits({ ...shortcut, channel: { id: 'C0ACME' } }).sender).toEqual({ userId: 'U0CSM', channelId: 'C0ACME' });
  });
});
