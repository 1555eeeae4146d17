// The guard lets through what Slack sends from the App Home, signed, to the listeners Bolt routes
// it to: app_home_opened, and a click in the Home view (which has no response URL).

import type { AddressInfo } from 'node:net';
import { LogLevel, type Logger } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appHomeOpenedEvent, sendEvent, startSlackFake, type SlackFake } from '../../emulators/slack/index.js';
import { GuardedApp, refusedRequestAnswer, refusedSocketRequest } from '../../src/slack/guarded-app.js';
import { WorkInFlight } from '../../src/work-in-flight.js';

const BOT_TOKEN = 'xoxb-guard-token';
const SIGNING_SECRET = 'guard-signing-secret';
const CARL = { id: 'U0CSM', name: 'carl', realName: 'Carl CSM' };

/** Bolt's logger, keeping the warnings. */
function warningsLogger(warnings: string[]): Logger {
  let level = LogLevel.WARN;
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...message: unknown[]) => void warnings.push(message.join(' ')),
    error: (...message: unknown[]) => void warnings.push(message.join(' ')),
    setLevel: (next) => void (level = next),
    getLevel: () => level,
    setName: () => undefined,
  };
}

describe('GuardedApp and the App Home', () => {
  let fake: SlackFake;
  let app: GuardedApp;
  let eventsUrl: string;
  const warnings: string[] = [];
  const seen: Array<{ kind: string; user: string }> = [];

  beforeAll(async () => {
    fake = await startSlackFake({ botToken: BOT_TOKEN, teamId: 'T0GUARD', botUserId: 'U0BOT', users: [CARL] });
    app = new GuardedApp({
      work: new WorkInFlight(),
      token: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      tokenVerificationEnabled: false,
      botId: 'B0BOT',
      botUserId: 'U0BOT',
      logger: warningsLogger(warnings),
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    app.event('app_home_opened', async ({ event }) => void seen.push({ kind: `opened ${event.tab}`, user: event.user }));
    app.action('board_refresh', async ({ ack, body }) => {
      await ack();
      seen.push({ kind: 'clicked', user: body.user.id });
    });
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as { address(): AddressInfo };
    eventsUrl = `http://127.0.0.1:${server.address().port}/slack/events`;
    fake.setApp({ eventsUrl, signingSecret: SIGNING_SECRET });
    const button = (actionId: string) => ({ type: 'button', action_id: actionId, text: { type: 'plain_text', text: actionId } });
    const view = { type: 'home', blocks: [{ type: 'actions', elements: [button('board_refresh'), button('board_unknown')] }] };
    await app.client.views.publish({ user_id: CARL.id, view: view as never });
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  it('routes a signed app_home_opened and a click in the Home view to their listeners, with no warning', async () => {
    await fake.openHome(CARL.id);
    await fake.homeAction(CARL.id, { actionId: 'board_refresh' });
    expect(seen).toEqual([
      { kind: 'opened home', user: CARL.id },
      { kind: 'clicked', user: CARL.id },
    ]);
    expect(warnings).toEqual([]);
  });

  it('still warns of what it cannot take from there', async () => {
    await fake.homeAction(CARL.id, { actionId: 'board_unknown' });
    const body = appHomeOpenedEvent({ userId: CARL.id, teamId: 'T0GUARD' });
    delete (body.event as { tab?: string }).tab;
    expect((await sendEvent({ appUrl: eventsUrl, path: '', signingSecret: SIGNING_SECRET, body })).status).toBe(200);
    expect(warnings).toEqual([
      expect.stringMatching(/\(block action "board_unknown"\) from U0CSM: no listener takes it$/),
      expect.stringMatching(/\(event "app_home_opened"\) from no known user: event\.tab: /),
    ]);
    expect(seen).toHaveLength(2);
  });
});

describe('GuardedApp once a shutdown began', () => {
  it('refuses a request: 503 over HTTP, left unacknowledged over Socket Mode, and no error logged either way', async () => {
    const work = new WorkInFlight();
    const app = new GuardedApp({ work, token: BOT_TOKEN, signingSecret: SIGNING_SECRET, tokenVerificationEnabled: false, botId: 'B0BOT', botUserId: 'U0BOT' });
    await work.drain(0);
    const acks: unknown[] = [];
    const event = { body: appHomeOpenedEvent({ userId: CARL.id, teamId: 'T0GUARD' }), ack: async (response?: unknown) => void acks.push(response) };
    const error = await app.processEvent(event).then(() => undefined, (refusal: unknown) => refusal);
    expect(error).toBeInstanceOf(Error);

    const logged: string[] = [];
    const logger = warningsLogger(logged);
    expect(await refusedSocketRequest({ error: error as Error, logger, event })).toBe(false);
    const answer = { status: 0, headersSent: false, writeHead(status: number) { this.status = status; return this; }, end() { return this; } };
    expect(await refusedRequestAnswer({ error: error as Error, logger, request: {} as never, response: answer as never, storedResponse: undefined })).toBe(true);
    expect(answer.status).toBe(503);
    expect(acks).toEqual([]);
    expect(logged).toEqual([]);
  });
});
