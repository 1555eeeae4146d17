import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import pino, { type Logger, type DestinationStream } from 'pino';

/** Anything that could carry a secret or a link token is censored before it is written. */
const REDACT = [
  'token',
  'botToken',
  'appToken',
  'clientSecret',
  'signingSecret',
  'webhookSecret',
  'location',
  'url',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.clientSecret',
  '*.signingSecret',
  '*.webhookSecret',
  '*.location',
  'headers.authorization',
  '*.headers.authorization',
  '*.headers["x-slack-signature"]',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } }, destination);
}

/** A fresh id for a request (HTTP or Slack), to find all its log lines. */
export function newRequestId(): string {
  return randomUUID();
}

/** The Slack request being handled: every line logged for it, Bolt's own included, carries its id. */
const slackRequest = new AsyncLocalStorage<{ requestId: string }>();

/** Runs the handling of one Slack request (and all that follows from it) under a fresh request id. */
export function inSlackRequest<T>(run: () => T): T {
  return slackRequest.run({ requestId: newRequestId() }, run);
}

/** Runs work a request only sets going (an outbox round, a Home tab republish) as none of its own. */
export function apartFromRequest<T>(run: () => T): T {
  return slackRequest.exit(run);
}

const TOKEN_PATTERN = /\b(xox[abpr]-|xapp-)[A-Za-z0-9-]+|\/p\/[A-Za-z0-9_-]{20,}/g;

/** Slack's response URLs act for the person who ran a command until they expire. */
const RESPONSE_URL_ORIGIN = 'https://hooks.slack.com';

/** Cuts every address under `origin` down to the origin itself. */
function redactUnder(text: string, origin: string): string {
  return text
    .split(origin)
    .map((part, i) => (i === 0 ? part : `[redacted]${part.replace(/^\S*/, '')}`))
    .join(origin);
}

/**
 * Bolt's own messages may quote request bodies (at debug level, whole Web API calls): scrub
 * tokens, hosted-link tokens, response URLs and single-use portal links from them too.
 */
function scrub(parts: unknown[], secretOrigins: string[]): string {
  const text = parts
    .map((part) => (part instanceof Error ? part.stack ?? part.message : typeof part === 'string' ? part : JSON.stringify(part)))
    .join(' ')
    .replace(TOKEN_PATTERN, (match) => (match.startsWith('/p/') ? '/p/[redacted]' : '[redacted]'));
  return secretOrigins.reduce(redactUnder, text);
}

/**
 * Bolt logs through pino, so there is one log stream in one format. `portalOrigin` is the
 * Scalekit environment, whose portal links are live credentials for their first minute.
 */
export function boltLogger(logger: Logger, portalOrigin?: string): BoltLogger {
  return asBoltLogger(logger.child({ component: 'bolt' }), portalOrigin);
}

/** Bolt's logger interface over `logger`, its messages scrubbed (see scrub). */
function asBoltLogger(logger: Logger, portalOrigin: string | undefined): BoltLogger {
  const secretOrigins = [RESPONSE_URL_ORIGIN, ...(portalOrigin ? [portalOrigin] : [])];
  const scrubbed = (msg: unknown[]) => scrub(msg, secretOrigins);
  // Within a Slack request, a logger that does not name it yet does so now (its bindings read once).
  const named = 'requestId' in logger.bindings();
  const log = (): Logger => {
    const requestId = slackRequest.getStore()?.requestId;
    return requestId === undefined || named ? logger : logger.child({ requestId });
  };
  return {
    debug: (...msg) => log().debug(scrubbed(msg)),
    info: (...msg) => log().info(scrubbed(msg)),
    warn: (...msg) => log().warn(scrubbed(msg)),
    error: (...msg) => log().error(scrubbed(msg)),
    setLevel: () => {},
    getLevel: () => (logger.isLevelEnabled('debug') ? LogLevel.DEBUG : LogLevel.INFO),
    setName: () => {},
  };
}

/** The log of one Slack request (a command, a form sent): Bolt's interface, every line with the request's id. */
export interface RequestLogger extends BoltLogger {
  /** From now on every line also names the link the request is about (call it once). */
  aboutLink(linkId: string): void;
}

export function requestLogger(logger: Logger, portalOrigin?: string): RequestLogger {
  const child = logger.child({ requestId: slackRequest.getStore()?.requestId ?? newRequestId() });
  return { ...asBoltLogger(child, portalOrigin), aboutLink: (linkId) => child.setBindings({ linkId }) };
}
