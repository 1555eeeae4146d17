// The fake's options and the control API tests and scripts drive (server.ts implements them).

import type { ConsoleMessage, ResponseUrlContext } from './console-timeline.js';
import type { SlackFakeApp } from './app-delivery.js';
import type { FakeFile } from './files.js';
import type { HomeAction } from './home-input.js';
import type { HomeView } from './home-views.js';
import type { SlackResponseUrlPost } from './response-urls.js';
import type { SlackFakeSocketMode } from './socket-mode.js';
import type { SlackApiCall, SlackFakeChannel, SlackFakeUser } from './web-api.js';

export interface SlackFakeOptions {
  botToken: string;
  /**
   * The app-level token (`xapp-...`) `apps.connections.open` accepts, enabling Socket Mode; any
   * other token gets `invalid_auth` (a bot token `not_allowed_token_type`). Unset: no Socket Mode.
   */
  appToken?: string;
  /** The app id in Socket Mode's `hello` and URLs; defaults to `A0FAKEAPP` (as in requests.ts). */
  appId?: string;
  teamId: string;
  botUserId: string;
  users: SlackFakeUser[];
  /** Usergroup id (`S...`) → member user ids. */
  usergroups?: Record<string, string[]>;
  /**
   * Named channels for conversations.info and the console's channel list; other `C`/`G`/`D` ids
   * get a synthesized answer. The console lists `#general` (C0GENERAL) when none are given.
   */
  channels?: SlackFakeChannel[];
  /** The bot, for the console: where its `POST /slack/events` is and its signing secret. */
  app?: SlackFakeApp;
  /** Defaults: `B<botUserId without U>`, `Fake Team`. */
  botId?: string;
  teamName?: string;
  /** Defaults to 0 (any free port) on 127.0.0.1; a fixed one suits a demo. */
  port?: number;
}

export interface SlackFake {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `<url>/api/` — pass as `clientOptions.slackApiUrl`. */
  readonly apiUrl: string;
  /** `<url>/` — the web console. */
  readonly consoleUrl: string;
  readonly calls: SlackApiCall[];
  readonly responses: SlackResponseUrlPost[];
  /**
   * A fresh `<url>/response/<id>` that accepts up to 5 posts, like Slack's. With a context, its
   * posts also show in the console (ephemeral ones to `userId` only).
   */
  responseUrl(context?: ResponseUrlContext): string;
  /** Socket Mode: the app's WebSocket connections, and envelopes sent over them. */
  readonly socketMode: SlackFakeSocketMode;
  /** Point the console at the bot (e.g. once it listens and its port is known); undefined detaches it. */
  setApp(app: SlackFakeApp | undefined): void;
  /**
   * The console's timeline (copies), of one channel or all, oldest first. A user id (or its D id)
   * gives the bot's DM with that user.
   */
  messages(channelId?: string): ConsoleMessage[];
  /**
   * `userId` opens the app's Home tab, as in the console: `app_home_opened` (with the view
   * published for them, if any) to the app, over Socket Mode or HTTP. Rejects when it is not delivered.
   */
  openHome(userId: string): Promise<void>;
  /** A copy of the Home view last published for `userId` (views.publish), if any. */
  homeView(userId: string): HomeView | undefined;
  /** The Home view of `userId` once it matches `predicate` (now, or after a publish or a choice). */
  waitForHomeView(userId: string, predicate?: (view: HomeView) => boolean, timeoutMs?: number): Promise<HomeView>;
  /**
   * `userId` clicks a button (`{ actionId }`), or chooses an option (`value`) or a person (`user`)
   * in a select or overflow menu of their Home view: a `block_actions` to the app, as Slack sends
   * it from the Home tab. Rejects when the element is not there or the app did not take it.
   */
  homeAction(userId: string, action: HomeAction): Promise<void>;
  /** First recorded response-URL post (present or future) matching `predicate`. */
  waitForResponse(
    predicate?: (response: SlackResponseUrlPost) => boolean,
    timeoutMs?: number,
  ): Promise<SlackResponseUrlPost>;
  /** First recorded Web API call of `method` (present or future) matching `predicate`. */
  waitForCall(
    method: string,
    predicate?: (call: SlackApiCall) => boolean,
    timeoutMs?: number,
  ): Promise<SlackApiCall>;
  /** Calls of one method recorded so far. */
  callsTo(method: string): SlackApiCall[];
  setUsergroup(id: string, members: string[]): void;
  /** A file uploaded through files.getUploadURLExternal (its content once POSTed whole). */
  file(id: string): FakeFile | undefined;
  /** The next call of `method` answers `{ ok: false, error }` (queued: call again to fail more). */
  failNext(method: string, error: string): void;
  /** The next call of `method` answers with HTTP `status`, as Slack in an outage (queued likewise). */
  failNextWithStatus(method: string, status: number): void;
  /** Forget recorded calls and responses (issued response URLs stay valid). */
  reset(): void;
  close(): Promise<void>;
}
