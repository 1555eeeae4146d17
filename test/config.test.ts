import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../src/config.js';

const valid = {
  SLACK_SIGNING_SECRET: 'secret',
  SLACK_BOT_TOKEN: 'xoxb-1',
  SCALEKIT_ENVIRONMENT_URL: 'https://acme.scalekit.dev/',
  SCALEKIT_CLIENT_ID: 'skc_1',
  SCALEKIT_CLIENT_SECRET: 'sk',
  PUBLIC_BASE_URL: 'https://bot.example.com/',
  SSO_PORTAL_ISSUERS: 'U1, S2',
  SSO_PORTAL_ADMINS: 'U9',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({
      databaseUrl: 'file:./data/sso-portal.db',
      port: 3000,
      linkTtlMs: 7 * 86_400_000,
      logLevel: 'info',
      publicBaseUrl: 'https://bot.example.com',
      issuers: ['U1', 'S2'],
      admins: ['U9'],
    });
    expect(config.slack.appToken).toBeUndefined();
    expect(config.scalekit.environmentUrl).toBe('https://acme.scalekit.dev');
    expect(config.reminders).toEqual({ checkEveryMs: 5 * 60_000, unopenedAfterMs: 3 * 86_400_000, beforeExpiryMs: 86_400_000, stalledAfterMs: 2 * 86_400_000 });
  });

  it('reads reminder durations from 1s to 90d, and turns reminders off', () => {
    expect(loadConfig({ ...valid, REMIND_UNOPENED_AFTER: '1s', REMIND_STALLED_AFTER: '90d' }).reminders).toMatchObject({ unopenedAfterMs: 1000, stalledAfterMs: 90 * 86_400_000 });
    expect(loadConfig({ ...valid, REMINDERS: 'off' }).reminders).toBeNull();
    const found = problems({ ...valid, REMINDERS: 'maybe', REMINDER_CHECK_EVERY: '500ms', REMIND_UNOPENED_AFTER: '91d', REMIND_BEFORE_EXPIRY: 'soon', REMIND_STALLED_AFTER: '' });
    expect(found).toEqual([
      'REMINDERS must be on or off',
      'REMINDER_CHECK_EVERY must be a duration from 1s to 90d, e.g. 5m',
      'REMIND_UNOPENED_AFTER must be a duration from 1s to 90d, e.g. 3d',
      'REMIND_BEFORE_EXPIRY must be a duration from 1s to 90d, e.g. 1d',
      'REMIND_STALLED_AFTER must be a duration from 1s to 90d, e.g. 2d',
    ]);
  });

  it("reads the board's window (1d to 730d, 90d by default) and its attention thresholds, even with reminders off", () => {
    const DAY = 86_400_000;
    expect(loadConfig(valid).board).toEqual({ windowMs: 90 * DAY, attention: { unopenedAfterMs: 3 * DAY, beforeExpiryMs: DAY, stalledAfterMs: 2 * DAY } });
    expect(loadConfig({ ...valid, REMINDERS: 'off', BOARD_WINDOW: '30d', REMIND_UNOPENED_AFTER: '1d' }).board).toEqual({
      windowMs: 30 * DAY,
      attention: { unopenedAfterMs: DAY, beforeExpiryMs: DAY, stalledAfterMs: 2 * DAY },
    });
    expect(problems({ ...valid, BOARD_WINDOW: '12h' })).toEqual(['BOARD_WINDOW must be a duration from 1d to 730d, e.g. 90d']);
    expect(problems({ ...valid, BOARD_WINDOW: '731d' })).toEqual(['BOARD_WINDOW must be a duration from 1d to 730d, e.g. 90d']);
  });

  it('keeps the whole audit trail unless AUDIT_RETENTION (at least a day) is set', () => {
    expect(loadConfig(valid).auditRetentionMs).toBeNull();
    expect(loadConfig({ ...valid, AUDIT_RETENTION: ' ' }).auditRetentionMs).toBeNull();
    expect(loadConfig({ ...valid, AUDIT_RETENTION: '730d' }).auditRetentionMs).toBe(730 * 86_400_000);
    for (const value of ['7', '12h', 'forever']) {
      expect(problems({ ...valid, AUDIT_RETENTION: value })).toEqual(['AUDIT_RETENTION must be a duration of at least 1d, e.g. 730d']);
    }
  });

  it('waits 10s for work under way on shutdown unless SHUTDOWN_GRACE (1s to 10m) says otherwise', () => {
    expect(loadConfig(valid).shutdownGraceMs).toBe(10_000);
    expect(loadConfig({ ...valid, SHUTDOWN_GRACE: '30s' }).shutdownGraceMs).toBe(30_000);
    for (const value of ['0s', '11m', 'soon']) {
      expect(problems({ ...valid, SHUTDOWN_GRACE: value })).toEqual(['SHUTDOWN_GRACE must be a duration from 1s to 10m, e.g. 10s']);
    }
  });

  it('names every missing variable', () => {
    expect(problems({})).toEqual(
      expect.arrayContaining([
        'SLACK_SIGNING_SECRET is required',
        'SLACK_BOT_TOKEN is required',
        'SCALEKIT_ENVIRONMENT_URL is required',
        'SCALEKIT_CLIENT_ID is required',
        'SCALEKIT_CLIENT_SECRET is required',
        'PUBLIC_BASE_URL is required',
        'SSO_PORTAL_ISSUERS is required',
        'SSO_PORTAL_ADMINS is required',
      ]),
    );
  });

  it('names every malformed variable', () => {
    const found = problems({
      ...valid,
      SLACK_BOT_TOKEN: 'xoxp-user',
      SLACK_APP_TOKEN: 'nope',
      DATABASE_URL: 'mysql://db',
      PORT: 'eighty',
      PUBLIC_BASE_URL: 'bot.example.com',
      SSO_PORTAL_ISSUERS: 'carl',
      LINK_TTL: '90d',
      LOG_LEVEL: 'loud',
    });
    for (const variable of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'DATABASE_URL', 'PORT', 'PUBLIC_BASE_URL', 'SSO_PORTAL_ISSUERS', 'LINK_TTL', 'LOG_LEVEL']) {
      expect(found.some((problem) => problem.startsWith(`${variable} `))).toBe(true);
    }
  });

  it('treats empty optional values as unset and selects Socket Mode with an app token', () => {
    expect(loadConfig({ ...valid, SLACK_APP_TOKEN: '', DATABASE_URL: '' }).databaseUrl).toBe('file:./data/sso-portal.db');
    expect(loadConfig({ ...valid, SLACK_APP_TOKEN: 'xapp-1' }).slack.appToken).toBe('xapp-1');
    expect(problems({ ...valid, SLACK_APP_TOKEN: 'xapp-1', PORT: '0' })).toEqual(['PORT must be a fixed port in Socket Mode (SLACK_APP_TOKEN is set)']);
    expect(loadConfig({ ...valid, SLACK_API_URL: 'http://127.0.0.1:9/api' }).slack.apiUrl).toBe('http://127.0.0.1:9/api/');
  });

  it('serves metrics only on a METRICS_PORT of their own, off when it is unset', () => {
    expect(loadConfig(valid).metrics).toBeNull();
    expect(loadConfig({ ...valid, METRICS_PORT: '' }).metrics).toBeNull();
    expect(loadConfig({ ...valid, METRICS_PORT: '9464' }).metrics).toEqual({ port: 9464, host: undefined });
    expect(loadConfig({ ...valid, METRICS_PORT: '9464', METRICS_HOST: '127.0.0.1' }).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(problems({ ...valid, METRICS_PORT: 'nine' })).toEqual(['METRICS_PORT must be a port number']);
    expect(problems({ ...valid, PORT: '3000', METRICS_PORT: '3000' })).toEqual(['METRICS_PORT must differ from PORT']);
  });

  it('documents every variable in .env.example', () => {
    const example = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
    const documented = [...example.matchAll(/^([A-Z_]+)=/gm)].map((match) => match[1]);
    expect(documented.sort()).toEqual([...CONFIG_VARIABLES].sort());
  });
});
