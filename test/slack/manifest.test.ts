import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SSO_PORTAL_COMMAND } from '../../src/slack/listeners/commands/index.js';
import { ISSUE_HERE_SHORTCUT, ISSUE_SHORTCUT } from '../../src/slack/listeners/shortcuts/index.js';

const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const manifest = read('../../manifest.json');

describe('manifest.json', () => {
  it("validates against Slack's published manifest schema (v1)", () => {
    const schema = read('../fixtures/slack-manifest-schema/manifest.schema.1.0.0.json');
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajvFormats.default(ajv); // a CommonJS module: its plugin is the default export's `default`
    const validate = ajv.compile(schema);
    expect(validate(manifest), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(manifest._metadata.major_version).toBe(1);
  });

  it('declares the command the app listens to, with the scopes the code uses', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([SSO_PORTAL_COMMAND]);
    // files:write and im:write: the audit's CSV file, uploaded to the admin's direct message.
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'chat:write', 'users:read', 'usergroups:read', 'files:write', 'im:write']));
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('has Slack escape the command, so that a mention (--issuer) arrives as a user id', () => {
    expect(manifest.features.slash_commands[0].should_escape).toBe(true);
  });

  it('declares the shortcuts the app listens to: a global one, and one on messages', () => {
    const shortcuts = manifest.features.shortcuts.map((s: { type: string; callback_id: string }) => [s.type, s.callback_id]);
    expect(shortcuts).toEqual([
      ['global', ISSUE_SHORTCUT],
      ['message', ISSUE_HERE_SHORTCUT],
    ]);
  });
});
