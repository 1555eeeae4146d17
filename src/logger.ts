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

/** Bolt's own messages may quote request bodies; scrub tokens from them too. */
function scrub(parts: unknown[]): string {
  return parts
    .map((part) => (part instanceof Error ? part.stack ?? part.message : typeof part === 'string' ? part : JSON.stringify(part)))
    .join(' ')
    .replace(TOKEN_PATTERN, (match) => (match.startsWith('/p/') ? '/p/[redacted]' : '[redacted]'));
}

/** Bolt logs through pino, so there is one log stream in one format. */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  return {
    debug: (...msg) => child.debug(scrub(msg)),
    info: (...msg) => child.info(scrub(msg)),
    warn: (...msg) => child.warn(scrub(msg)),
    error: (...msg) => child.error(scrub(msg)),
    setLevel: () => {},
    getLevel: () => (child.isLevelEnabled('debug') ? LogLevel.DEBUG : LogLevel.INFO),
    setName: () => {},
  };
}
