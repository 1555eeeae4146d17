// What the outbox's sender makes of Slack's answers: an outage is worth retrying, a refusal that no
// retry changes is not. Against the Slack emulator, through the real WebClient.
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UndeliverableError } from '../../src/core/ports.js';
import { createSlackSender } from '../../src/slack/message-sender.js';
import { BOT_TOKEN, startFakes, USERS, type Fakes } from '../helpers/bot.js';

describe('sending what the bot owes to Slack', () => {
  let fakes: Fakes;
  let send: (channelId?: string) => Promise<void>;

  beforeAll(async () => {
    fakes = await startFakes();
    // No retries of the client's own here: each answer reaches the sender as it came.
    const sender = createSlackSender(new WebClient(BOT_TOKEN, { slackApiUrl: fakes.slack.apiUrl, retryConfig: { retries: 0 } }));
    const facts = { issuerId: USERS.csm.id, orgName: 'Acme Corp', linkId: 'L-1', part: 'sso' as const, source: 'page' as const };
    send = (channelId) =>
      sender.send({ kind: 'setup_completed', to: channelId ? { channelId, threadTs: '1.2' } : { userId: USERS.csm.id }, facts });
  });

  afterAll(async () => {
    await fakes?.close();
  });

  it('delivers a direct message to the issuer', async () => {
    await send();
    expect(fakes.slack.callsTo('chat.postMessage').at(-1)?.args).toMatchObject({ channel: USERS.csm.id, text: 'Acme Corp set up single sign-on' });
  });

  it('throws a plain error on an HTTP 500 or a passing platform error, so the outbox tries again later', async () => {
    fakes.slack.failNextWithStatus('chat.postMessage', 500);
    const outage = await send().catch((error: unknown) => error);
    expect(outage).toBeInstanceOf(Error);
    expect(outage).not.toBeInstanceOf(UndeliverableError);
    fakes.slack.failNext('chat.postMessage', 'internal_error');
    expect(await send().catch((error: unknown) => error)).not.toBeInstanceOf(UndeliverableError);
  });

  it('gives up on what no retry changes: a channel that is gone, archived, or that the bot is not in', async () => {
    for (const code of ['channel_not_found', 'is_archived', 'not_in_channel']) {
      fakes.slack.failNext('chat.postMessage', code);
      const refused = await send('C0GONE').catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(UndeliverableError);
      expect((refused as Error).message).toBe(`Slack refuses it: ${code}`);
    }
  });
});
