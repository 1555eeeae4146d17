import { z } from 'zod';
import { parseDuration } from './core/duration.js';
import { isLinkTtl, LINK_TTL_RANGE } from './core/links/options.js';
import type { ReminderTimings } from './core/links/reminders.js';

export const DEFAULT_DATABASE_URL = 'file:./data/sso-portal.db';
/** How long a shutdown waits for work under way. */
export const DEFAULT_SHUTDOWN_GRACE = '10s';

const slackIdList = (pattern: RegExp, what: string) =>
  z
    .string()
    .transform((text) => text.split(',').map((id) => id.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(pattern, `each entry must be a Slack ${what} id`)).min(1, 'list at least one id'));

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const httpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .transform((url) => url.replace(/\/+$/, ''));

const SECOND = 1000;
const DAY = 86_400 * SECOND;
const REMINDER_RANGE = { min: SECOND, max: 90 * DAY };

/** A duration such as `7d`, in ms, that `fits` its allowed range (`range` says it in words, `example` shows one). */
const duration = (fits: (ms: number) => boolean, range: string, example: string) =>
  z.string().transform((text, ctx) => {
    const value = parseDuration(text);
    if (value === null || !fits(value)) ctx.addIssue({ code: 'custom', message: `must be a duration ${range}, e.g. ${example}` });
    return value ?? 0;
  });

/** A duration setting with a default, which is also its example. */
const durationSetting = (fallback: string, fits: (ms: number) => boolean, range: string) => z.string().default(fallback).pipe(duration(fits, range, fallback));

/** A reminder duration: from 1s (so that tests and the demo can show one) to 90d. */
const reminderDuration = (fallback: string) =>
  durationSetting(fallback, (ms) => ms >= REMINDER_RANGE.min && ms <= REMINDER_RANGE.max, 'from 1s to 90d');

/** LINK_MAX_SESSIONS: portal sessions one link may mint; unset, no cap. The audit-log command reads it too. */
export const linkMaxSessions = optionalText.pipe(z.string().regex(/^[1-9]\d*$/, 'must be a whole number of at least 1').transform(Number).optional());

const schema = z.object({
  SLACK_SIGNING_SECRET: z.string().min(1, 'is required'),
  SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'must be a bot token (xoxb-...)'),
  SLACK_APP_TOKEN: optionalText.pipe(z.string().regex(/^xapp-/, 'must be an app-level token (xapp-...)').optional()),
  SLACK_API_URL: optionalText.pipe(httpUrl.optional()),
  SCALEKIT_ENVIRONMENT_URL: httpUrl,
  SCALEKIT_CLIENT_ID: z.string().min(1, 'is required'),
  SCALEKIT_CLIENT_SECRET: z.string().min(1, 'is required'),
  SCALEKIT_WEBHOOK_SECRET: optionalText,
  DATABASE_URL: optionalText
    .transform((url) => url ?? DEFAULT_DATABASE_URL)
    .pipe(z.string().regex(/^(file:|postgres(ql)?:\/\/)/, 'must be file:<path> (SQLite) or postgresql://...')),
  PORT: z.coerce.number({ message: 'must be a port number' }).int().min(0).max(65535, 'must be a port number').default(3000),
  PUBLIC_BASE_URL: httpUrl,
  // Unset: no metrics at all. Never the public PORT (checked below).
  METRICS_PORT: optionalText.pipe(z.coerce.number<string | undefined>({ message: 'must be a port number' }).int().min(0).max(65535, 'must be a port number').optional()),
  METRICS_HOST: optionalText,
  SSO_PORTAL_ISSUERS: slackIdList(/^[UWS][A-Z0-9]+$/, 'user (U...) or user-group (S...)'),
  SSO_PORTAL_ADMINS: slackIdList(/^[UWS][A-Z0-9]+$/, 'user (U...) or user-group (S...)'),
  LINK_TTL: durationSetting('7d', isLinkTtl, LINK_TTL_RANGE),
  LINK_MAX_SESSIONS: linkMaxSessions,
  TRUST_PROXY: optionalText.pipe(z.enum(['true', 'false'], { message: 'must be true or false' }).optional()),
  BRAND_NAME: optionalText.pipe(z.string().max(80, 'must be at most 80 characters').optional()),
  BRAND_LOGO_URL: optionalText.pipe(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional()),
  BRAND_ACCENT_COLOR: optionalText.pipe(z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a hex color like #3b5bdb').optional()),
  REMINDERS: z.enum(['on', 'off'], { message: 'must be on or off' }).default('on'),
  REMINDER_CHECK_EVERY: reminderDuration('5m'),
  REMIND_UNOPENED_AFTER: reminderDuration('3d'),
  REMIND_BEFORE_EXPIRY: reminderDuration('1d'),
  REMIND_STALLED_AFTER: reminderDuration('2d'),
  // How far back the Home tab's board looks: from a day to two years.
  BOARD_WINDOW: durationSetting('90d', (ms) => ms >= DAY && ms <= 730 * DAY, 'from 1d to 730d'),
  // Unset: keep everything. At least a day, so that a typo (`7` for 7 days) cannot empty the trail.
  AUDIT_RETENTION: optionalText.pipe(duration((ms) => ms >= DAY, 'of at least 1d', '730d').optional()),
  // How long a shutdown waits for work under way: from 1s (tests) to 10m.
  SHUTDOWN_GRACE: durationSetting(DEFAULT_SHUTDOWN_GRACE, (ms) => ms >= SECOND && ms <= 600 * SECOND, 'from 1s to 10m'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Every environment variable the bot reads (each is documented in .env.example). */
export const CONFIG_VARIABLES = Object.keys(schema.shape);

export interface Config {
  slack: { signingSecret: string; botToken: string; appToken?: string; apiUrl?: string };
  scalekit: { environmentUrl: string; clientId: string; clientSecret: string; webhookSecret?: string };
  databaseUrl: string;
  port: number;
  publicBaseUrl: string;
  /** `GET /metrics` on a port of its own, bound to `host` (unset: every address); null when METRICS_PORT is unset. */
  metrics: { port: number; host?: string } | null;
  issuers: string[];
  admins: string[];
  linkTtlMs: number;
  /** Portal sessions one hosted link may mint; unlimited when unset. */
  maxSessionsPerLink?: number;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  trustProxy: boolean;
  brand: Brand;
  /** Reminders to issuers, and how often to look for them; null when REMINDERS=off. */
  reminders: (ReminderTimings & { checkEveryMs: number }) | null;
  /** The Home tab's board: how far back it looks, and when a customer needs attention (the reminder thresholds, whether reminders are on or not). */
  board: { windowMs: number; attention: ReminderTimings };
  /** How long the audit trail keeps a link after its last activity; null keeps everything. */
  auditRetentionMs: number | null;
  /** How long a shutdown lets work under way (replies owed, pages being served) finish. */
  shutdownGraceMs: number;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
}

/** How the hosted page looks; neutral when unset. */
export interface Brand {
  name?: string;
  logoUrl?: string;
  accentColor: string;
}

export const DEFAULT_ACCENT_COLOR = '#3b5bdb';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and checks the environment; every problem names its variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0]);
        return env[variable] === undefined ? `${variable} is required` : `${variable} ${issue.message}`;
      }),
    );
  }
  const e = parsed.data;
  if (e.SLACK_APP_TOKEN && e.PORT === 0) {
    // Bolt's Socket Mode receiver does not tell which port it picked.
    throw new ConfigError(['PORT must be a fixed port in Socket Mode (SLACK_APP_TOKEN is set)']);
  }
  if (e.METRICS_PORT !== undefined && e.METRICS_PORT !== 0 && e.METRICS_PORT === e.PORT) {
    // The public port must never expose metrics.
    throw new ConfigError(['METRICS_PORT must differ from PORT']);
  }
  return {
    slack: {
      signingSecret: e.SLACK_SIGNING_SECRET,
      botToken: e.SLACK_BOT_TOKEN,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL ? `${e.SLACK_API_URL}/` : undefined,
    },
    scalekit: {
      environmentUrl: e.SCALEKIT_ENVIRONMENT_URL,
      clientId: e.SCALEKIT_CLIENT_ID,
      clientSecret: e.SCALEKIT_CLIENT_SECRET,
      webhookSecret: e.SCALEKIT_WEBHOOK_SECRET,
    },
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    metrics: e.METRICS_PORT === undefined ? null : { port: e.METRICS_PORT, host: e.METRICS_HOST },
    issuers: e.SSO_PORTAL_ISSUERS,
    admins: e.SSO_PORTAL_ADMINS,
    linkTtlMs: e.LINK_TTL,
    maxSessionsPerLink: e.LINK_MAX_SESSIONS,
    trustProxy: e.TRUST_PROXY === 'true',
    brand: { name: e.BRAND_NAME, logoUrl: e.BRAND_LOGO_URL, accentColor: e.BRAND_ACCENT_COLOR ?? DEFAULT_ACCENT_COLOR },
    reminders:
      e.REMINDERS === 'off'
        ? null
        : { checkEveryMs: e.REMINDER_CHECK_EVERY, unopenedAfterMs: e.REMIND_UNOPENED_AFTER, beforeExpiryMs: e.REMIND_BEFORE_EXPIRY, stalledAfterMs: e.REMIND_STALLED_AFTER },
    board: {
      windowMs: e.BOARD_WINDOW,
      attention: { unopenedAfterMs: e.REMIND_UNOPENED_AFTER, beforeExpiryMs: e.REMIND_BEFORE_EXPIRY, stalledAfterMs: e.REMIND_STALLED_AFTER },
    },
    auditRetentionMs: e.AUDIT_RETENTION ?? null,
    shutdownGraceMs: e.SHUTDOWN_GRACE,
    logLevel: e.LOG_LEVEL,
  };
}
