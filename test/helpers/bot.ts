import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startBot, type RunningBot } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startFakeScalekit, type FakeScalekit } from '../../emulators/scalekit/server.js';
import { sendSlashCommand, startSlackFake, type SlackFake, type SlackPostResult } from '../../emulators/slack/index.js';
import { ADMINS, BOT_USER_ID, CHANNELS, CSM_GROUP, ISSUERS, ORGS, TEAM, USERS } from '../../emulators/world.js';
import { createSqliteDatabase, type TestDatabase } from './database.js';

export { ORGS, USERS } from '../../emulators/world.js';
export const TEAM_ID = TEAM.id;
export const SIGNING_SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-token';
/** The app-level token the Slack emulator accepts for Socket Mode (set SLACK_APP_TOKEN to it). */
export const APP_TOKEN = 'xapp-1-A0FAKEAPP-1-test';
/** The Scalekit client secret the fakes and the bot share (it must never show in a log). */
export const SCALEKIT_CLIENT_SECRET = 'sk_test_secret';
/** The bot's PUBLIC_BASE_URL in tests: links point there, and tests swap it for the bot's real address. */
export const PUBLIC_BASE_URL = 'http://bot.test';

export interface Reply {
  /** HTTP status of the signed request. */
  status: number;
  /** The message the person saw: the ack body, or the first post to the response URL. */
  message: { text?: string; blocks?: unknown[]; response_type?: string; replace_original?: boolean };
  /** The message as plain text (text and every block's text), for assertions. */
  all: string;
}

export interface TestBot {
  bot: RunningBot;
  scalekit: FakeScalekit;
  slack: SlackFake;
  appUrl: string;
  logs: string[];
  command(text: string, as?: { userId?: string; channelId?: string; teamId?: string }): Promise<Reply>;
  send(text: string, as?: { userId?: string; channelId?: string; teamId?: string; timestamp?: number; signature?: string }): Promise<SlackPostResult>;
  close(): Promise<void>;
}

export interface Fakes {
  scalekit: FakeScalekit;
  slack: SlackFake;
  /** The bot's environment, pointed at the fakes. */
  env(databaseUrl: string): Record<string, string>;
  close(): Promise<void>;
}

/** The Scalekit and Slack fakes, with the test workspace's people and organizations. */
export async function startFakes(): Promise<Fakes> {
  const scalekit = await startFakeScalekit({ clientId: 'skc_test', clientSecret: SCALEKIT_CLIENT_SECRET, orgs: Object.values(ORGS) });
  const slack = await startSlackFake({
    botToken: BOT_TOKEN,
    appToken: APP_TOKEN,
    teamId: TEAM_ID,
    botUserId: BOT_USER_ID,
    users: Object.values(USERS),
    usergroups: { [CSM_GROUP.id]: CSM_GROUP.members },
    channels: CHANNELS,
  });
  return {
    scalekit,
    slack,
    env: (databaseUrl) => ({
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      SCALEKIT_ENVIRONMENT_URL: scalekit.url,
      SCALEKIT_CLIENT_ID: 'skc_test',
      SCALEKIT_CLIENT_SECRET,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      PUBLIC_BASE_URL,
      SSO_PORTAL_ISSUERS: ISSUERS,
      SSO_PORTAL_ADMINS: ADMINS,
      LOG_LEVEL: 'info',
    }),
    close: async () => {
      await Promise.all([scalekit.close(), slack.close()]);
    },
  };
}

/** The whole bot, for real, in this process, against the Scalekit and Slack fakes. */
export async function startTestBot(options: {
  databaseUrl: string;
  env?: Record<string, string>;
  scalekitTimeoutMs?: number;
  now?: () => Date;
}): Promise<TestBot> {
  const fakes = await startFakes();
  const { scalekit, slack } = fakes;
  const config = loadConfig({ ...fakes.env(options.databaseUrl), ...options.env });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  let bot: RunningBot;
  try {
    bot = await startBot(config, createLogger(config.logLevel, sink), {
      scalekitTimeoutMs: options.scalekitTimeoutMs ?? 1500,
      now: options.now,
    });
  } catch (error) {
    await fakes.close();
    throw error;
  }
  const appUrl = `http://127.0.0.1:${bot.port}`;
  // So that slack.openHome() and slack.homeAction() reach the bot (over its socket instead, in Socket Mode).
  slack.setApp({ eventsUrl: `${appUrl}/slack/events`, signingSecret: SIGNING_SECRET });

  return {
    bot,
    scalekit,
    slack,
    appUrl,
    logs,
    send: (text, as) => postCommand(slack, appUrl, text, as),
    command: (text, as) => commandAt(slack, appUrl, text, as),
    async close() {
      await bot.stop();
      await fakes.close();
    },
  };
}

type CommandSender = Parameters<TestBot['send']>[1];

/** A signed slash command to the bot at `appUrl`, as Carl in #general unless `as` says otherwise. */
function postCommand(slack: SlackFake, appUrl: string, text: string, as: CommandSender = {}, responseUrl = slack.responseUrl()): Promise<SlackPostResult> {
  return sendSlashCommand({
    appUrl,
    signingSecret: SIGNING_SECRET,
    text,
    userId: as.userId ?? USERS.csm.id,
    teamId: as.teamId ?? TEAM_ID,
    channelId: as.channelId ?? 'C0GENERAL',
    responseUrl,
    timestamp: as.timestamp,
    signature: as.signature,
  });
}

/** A command to the bot at `appUrl` (in this process or another), and the answer the person saw. */
export async function commandAt(slack: SlackFake, appUrl: string, text: string, as: CommandSender = {}): Promise<Reply> {
  const responseUrl = slack.responseUrl();
  const id = responseUrl.split('/').pop();
  const result = await postCommand(slack, appUrl, text, as, responseUrl);
  const message = (result.json ?? (await slack.waitForResponse((r) => r.id === id)).body) as Reply['message'];
  return { status: result.status, message, all: messageText(message) };
}

/** Every piece of text in a message, blocks included, joined by newlines. */
export function messageText(message: { text?: string; blocks?: unknown[] }): string {
  const texts: string[] = [message.text ?? ''];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'text' || key === 'url') && typeof value === 'string') texts.push(value);
        else visit(value);
      }
    }
  };
  visit(message.blocks ?? []);
  return texts.join('\n');
}

/** A hosted link found in a message: its public URL, its path on the bot (`/p/<token>`), its token and its id. */
export interface FoundLink {
  url: string;
  path: string;
  token: string;
  /** The link's `L-…` id, when the message shows one. */
  id: string | undefined;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const HOSTED_LINK = new RegExp(`${escapeRegExp(PUBLIC_BASE_URL)}(/p/([A-Za-z0-9_-]+))`);
const LINK_ID = /`(L-[a-z0-9]+)`/;

/** The first hosted link in `text`, or undefined when there is none. */
export function findLink(text: string): FoundLink | undefined {
  const match = HOSTED_LINK.exec(text);
  if (!match) return undefined;
  return { url: match[0], path: match[1] as string, token: match[2] as string, id: findLinkId(text) };
}

/** The hosted link in `text` and its id; throws, showing the text, when either is missing. */
export function linkIn(text: string): FoundLink & { id: string } {
  const link = findLink(text);
  if (!link?.id) throw new Error(`no hosted link with its id in: ${text}`);
  return { ...link, id: link.id };
}

/** The first link id (`L-…`) in `text`, or undefined. */
export function findLinkId(text: string): string | undefined {
  return LINK_ID.exec(text)?.[1];
}

/** The link id (`L-…`) in `text` (direct links have one but no hosted URL); throws, showing the text, when missing. */
export function linkIdIn(text: string): string {
  const id = findLinkId(text);
  if (!id) throw new Error(`no link id in: ${text}`);
  return id;
}

/**
 * A port nobody listens on right now: Bolt's SocketModeReceiver never tells which port PORT=0
 * got. Picked below the range the system hands out for PORT=0 and outgoing connections
 * (32768 and up), so that nothing else can take it between this check and the bot's listen.
 */
/** The bot's /readyz: its status and body. */
export async function readyz(appUrl: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${appUrl}/readyz`);
  return { status: res.status, body: await res.json() };
}

export async function freePort(): Promise<number> {
  for (;;) {
    const port = 10_000 + Math.floor(Math.random() * 10_000);
    const server = createServer();
    const bound = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, () => resolve(true)); // every address, as the bot listens
    });
    if (!bound) continue;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }
}

export interface UseTestBotOptions {
  /** Makes the database; a fresh SQLite file unless given (e.g. `create` of `databaseKinds`). */
  create?: () => Promise<TestDatabase>;
  env?: Record<string, string>;
  /** Take Slack's requests over Socket Mode (the app-level token, a free PORT) instead of HTTP. */
  socketMode?: boolean;
  scalekitTimeoutMs?: number;
  now?: () => Date;
  /** Customer aliases an admin maps before the tests: alias → org reference (`org_…` or `ext:…`). */
  aliases?: Record<string, string>;
  /** Forget the fakes' recorded calls (and failures, delays) before each test. */
  resetFakes?: boolean;
}

export interface TestBotContext {
  /** The running bot (available in hooks and tests, not while tests are collected). */
  readonly t: TestBot;
  readonly database: TestDatabase;
}

/**
 * A bot for the enclosing describe block (or file): a fresh database and startTestBot() before all
 * its tests, stopped and dropped after them.
 */
export function useTestBot(options: UseTestBotOptions = {}): TestBotContext {
  let t: TestBot | undefined;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    database = await (options.create ?? createSqliteDatabase)();
    const env = options.socketMode ? { SLACK_APP_TOKEN: APP_TOKEN, PORT: String(await freePort()), ...options.env } : options.env;
    t = await startTestBot({ databaseUrl: database.url, env, scalekitTimeoutMs: options.scalekitTimeoutMs, now: options.now });
    for (const [alias, reference] of Object.entries(options.aliases ?? {})) {
      const reply = await t.command(`map ${alias} ${reference}`, { userId: USERS.admin.id });
      if (!reply.all.includes(':white_check_mark:')) throw new Error(`could not map ${alias} to ${reference}: ${reply.all}`);
    }
  });

  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  if (options.resetFakes) {
    beforeEach(() => {
      t?.scalekit.reset();
      t?.slack.reset();
    });
  }

  return {
    get t() {
      if (!t) throw new Error('useTestBot: the bot is not running (used outside a hook or test, or its start failed)');
      return t;
    },
    get database() {
      if (!database) throw new Error('useTestBot: no database yet (used outside a hook or test, or its creation failed)');
      return database;
    },
  };
}
