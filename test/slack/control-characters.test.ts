// A control character anywhere in a command is refused with a usage message that names it, before
// anything reaches the database (PostgreSQL refuses U+0000 outright, which used to fail the whole
// command with a generic error and no audit record).
import { describe, expect, it } from 'vitest';
import { databaseKinds, rawQuery } from '../helpers/database.js';
import { ORGS, USERS, useTestBot } from '../helpers/bot.js';

describe.each(databaseKinds)('control characters in /sso-portal, on $kind', ({ create }) => {
  const ctx = useTestBot({ create, aliases: { acme: ORGS.acme.id } });
  const linkCount = async () => Number((await rawQuery<{ n: unknown }>(ctx.database, 'SELECT COUNT(*) AS n FROM "Link"'))[0]?.n);

  it.each([
    ['acme --note "a\0b"', 'U+0000'],
    ['acme\0', 'U+0000'],
    ['unmap a\0b', 'U+0000'],
    ['links a\0b', 'U+0000'],
    ['status acme\0', 'U+0000'],
    ['revoke L-\0', 'U+0000'],
    ['map ac\0me org_acme1', 'U+0000'],
    ['acme --note "\x1b[2J"', 'U+001B'],
    ['links acme\u0085', 'U+0085'],
  ])('%j gets a usage message naming %s, and nothing is written', async (text, codePoint) => {
    const before = await linkCount();
    const reply = await ctx.t.command(text, { userId: USERS.admin.id });
    expect(reply.status).toBe(200);
    expect(reply.all).toContain(`The command contains a control character (${codePoint}); remove it.`);
    expect(reply.all).toContain('Send a customer their SSO/SCIM setup link');
    expect(reply.all).not.toContain('Something went wrong');
    expect(await linkCount()).toBe(before);
    expect(ctx.t.logs.join('')).not.toContain('Request failed');
  });

  it('reads tabs and line breaks as spaces', async () => {
    const reply = await ctx.t.command('acme\t--note\n"kick-off\ncall"', { userId: USERS.admin.id });
    expect(reply.all).toContain(':memo: kick-off call');
  });
});
