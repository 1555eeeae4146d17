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
    const press = { type: 'block_actions', user, trigger_id: '1.2.3', container: { type: 'view', view_id: 'V0HOME' }, actions: [{ action_id: 'new_customer' }] };
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

  it('names each field that is missing or of the wrong type', () => {
    expect(requestProblem({ ...shortcut, user: { id: 7 }, trigger_id: undefined })).toBe(
      'trigger_id: Invalid input: expected string, received undefined; user.id: Invalid input: expected string, received number',
    );
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
});
