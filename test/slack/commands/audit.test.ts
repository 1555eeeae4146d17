import { parse } from 'csv-parse/sync';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeCommandText } from '../../../emulators/slack/index.js';
import { CHANNELS } from '../../../emulators/world.js';
import { databaseKinds } from '../../helpers/database.js';
import { linkIn, ORGS, USERS, useTestBot, type Reply } from '../../helpers/bot.js';

/** The command as Slack sends it: the manifest has the command escape mentions, channels and links. */
const escaped = (text: string) => escapeCommandText(text, { users: Object.values(USERS), channels: CHANNELS });

describe.each(databaseKinds)('/sso-portal audit, through the real Bolt app, on $kind', ({ create }) => {
  const ctx = useTestBot({ create, scalekitTimeoutMs: 800, aliases: { acme: ORGS.acme.id, globex: ORGS.globex.id }, resetFakes: true });
  const asAdmin = (text: string) => ctx.t.command(escaped(text), { userId: USERS.admin.id });
  let revoked = '';

  beforeAll(async () => {
    revoked = linkIn((await ctx.t.command('acme --note "first call"')).all).id;
    await ctx.t.command(`revoke ${revoked}`);
    await ctx.t.command('globex', { userId: USERS.groupCsm.id });
    await ctx.t.command('acme --sso', { userId: USERS.admin.id });
    await ctx.t.command('nosuchcustomer'); // a failed attempt: it is on the trail too
  });

  /** The CSV file the last audit shared in the admin's DM, as rows. */
  async function uploadedRows(): Promise<Array<Record<string, string>>> {
    const completed = await ctx.t.slack.waitForCall('files.completeUploadExternal');
    const [file] = completed.args.files as Array<{ id: string }>;
    const content = ctx.t.slack.file(file?.id ?? '')?.content;
    if (!content) throw new Error('no file content was uploaded');
    return parse(content.toString('utf8'), { columns: true }) as Array<Record<string, string>>;
  }

  const lines = (reply: Reply) => reply.all;

  it('gives an admin the summary and every matching link as a CSV file in their DM', async () => {
    const reply = await asAdmin('audit');
    expect(lines(reply)).toContain('every customer');
    expect(lines(reply)).toContain('*4 links*: 3 issued · 1 failed · 1 revoked · 0 with setup finished');
    expect(lines(reply)).toContain('*Acme Corp*: 2 links');
    expect(lines(reply)).toMatch(/`sso-portal-audit-\d{8}T\d{4}Z\.csv` in our direct message/);

    const rows = await uploadedRows();
    const all = await ctx.t.bot.db.links.recent({ limit: 100 });
    expect(rows.map((row) => row.id)).toEqual(all.map((link) => link.id));
    expect(rows.find((row) => row.id === revoked)).toMatchObject({ state: 'revoked', note: 'first call', orgName: 'Acme Corp', issuerId: USERS.csm.id });
    // The same columns as `npm run audit-log -- links --format csv`.
    expect(Object.keys(rows[0] ?? {})).toEqual(['id', 'createdAt', 'outcome', 'state', 'failureReason', 'kind', 'scope', 'orgId', 'orgName', 'orgQuery', 'issuerId', 'issuerName', 'teamId', 'channelId', 'expiresAt', 'revokedAt', 'revokedBy', 'replacedBy', 'views', 'sessions', 'reportedEvents', 'note']);

    const [open] = ctx.t.slack.callsTo('conversations.open');
    expect(open?.args.users).toBe(USERS.admin.id);
    const shared = ctx.t.slack.messages(USERS.admin.id).filter((message) => message.files?.length);
    expect(shared.at(-1)?.files?.[0]).toMatchObject({ name: expect.stringMatching(/\.csv$/), size: expect.any(Number) });
    expect(shared.at(-1)?.text).toContain('4 links, one row each');
    // The temporary file is gone once the upload is done.
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith('sso-portal-audit-'))).toEqual([]);
  });

  it('refuses anyone but an admin, and uploads nothing', async () => {
    for (const userId of [USERS.stranger.id, USERS.csm.id]) {
      const reply = await ctx.t.command('audit', { userId });
      expect(reply.all).toContain('Only admins (`SSO_PORTAL_ADMINS`) can export the audit trail.');
    }
    expect(ctx.t.slack.callsTo('files.getUploadURLExternal')).toEqual([]);
    expect(ctx.t.slack.callsTo('conversations.open')).toEqual([]);
  });

  it('narrows summary and file to a customer', async () => {
    const reply = await asAdmin('audit acme');
    expect(reply.all).toContain('*Acme Corp* (`org_acme1`)');
    expect(reply.all).toContain('*2 links*: 2 issued · 0 failed · 1 revoked');
    const rows = await uploadedRows();
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((row) => row.orgId))).toEqual(new Set([ORGS.acme.id]));
  });

  it('narrows them to an issuer named by a mention, as Slack escapes it', async () => {
    const reply = await asAdmin('audit --issuer @gina');
    expect(reply.all).toContain(`sent by \`${USERS.groupCsm.id}\``);
    expect(reply.all).toContain('*1 link*: 1 issued');
    const rows = await uploadedRows();
    expect(rows.map((row) => [row.issuerId, row.orgName])).toEqual([[USERS.groupCsm.id, ORGS.globex.displayName]]);
    expect((await asAdmin(`audit acme --issuer ${USERS.csm.id}`)).all).toContain('*1 link*');
    // As sent by a client that leaves out the name, or by the emulator for an unknown person.
    expect((await ctx.t.command(`audit --issuer <@${USERS.admin.id}>`, { userId: USERS.admin.id })).all).toContain('*1 link*');
  });

  it('narrows them to a time range, and sends no file when nothing matches', async () => {
    expect((await asAdmin('audit --since 30d')).all).toContain('*4 links*');
    const none = await asAdmin('audit --since 2020-01-01 --until 2020-02-01');
    expect(none.all).toContain('*0 links*');
    expect(none.all).toContain('No file: no link matches.');
    expect(ctx.t.slack.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect((await asAdmin('audit --since 2020-02-01 --until 2020-01-01')).all).toContain('must be before');
  });

  it('says plainly what did not happen when Slack fails the upload', async () => {
    const sharedFiles = () => ctx.t.slack.messages(USERS.admin.id).filter((message) => message.files?.length).length;
    const before = sharedFiles();
    ctx.t.slack.failNext('files.getUploadURLExternal', 'ratelimited');
    const refused = await asAdmin('audit');
    expect(refused.all).toContain('*4 links*');
    expect(refused.all).toContain('Slack would not take a file from me, so no CSV file was sent');

    ctx.t.slack.failNext('files.completeUploadExternal', 'internal_error');
    const unshared = await asAdmin('audit acme');
    expect(unshared.all).toContain('the file reached Slack but could not be shared in our direct message');
    expect(sharedFiles()).toBe(before);

    ctx.t.slack.failNext('conversations.open', 'internal_error');
    expect((await asAdmin('audit')).all).toContain('I could not open our direct message, so no CSV file was sent');
    expect(sharedFiles()).toBe(before);
  });

  it('reads the options whether or not Slack escaped them', async () => {
    expect((await asAdmin('audit --issuer @nobody')).all).toContain('`--issuer` takes a person');
    expect((await asAdmin('audit --since yesterday')).all).toContain('is not a date');
  });
});
