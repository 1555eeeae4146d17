import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
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
  const child = logger.child({ component: 'bolt' });
  const secretOrigins = [RESPONSE_URL_ORIGIN, ...(portalOrigin ? [portalOrigin] : [])];
  const scrubbed = (msg: unknown[]) => scrub(msg, secretOrigins);
  return {
    debug: (...msg) => child.debug(scrubbed(msg)),
    info: (...msg) => child.info(scrubbed(msg)),
    warn: (...msg) => child.warn(scrubbed(msg)),
    error: (...msg) => child.error(scrubbed(msg)),
    setLevel: () => {},
    getLevel: () => (child.isLevelEnabled('debug') ? LogLevel.DEBUG : LogLevel.INFO),
    setName: () => {},
  };
}
