// A command's log lines carry a request id of its own and, once known, the link it is about.
import { describe, expect, it, vi } from 'vitest';
import { linkIn, ORGS, USERS, useTestBot } from '../../helpers/bot.js';

interface LogLine {
  msg: string;
  requestId?: string;
  linkId?: string;
}

describe("a command's log lines", () => {
  const ctx = useTestBot({ aliases: { acme: ORGS.acme.id } });

  /** The log lines of commands answered so far whose message starts with `prefix`, once there are `count`. */
  const answeredLines = async (prefix: string, count: number): Promise<LogLine[]> => {
    let found: LogLine[] = [];
    // The answer reaches the test a moment before the bot logs it.
    await vi.waitFor(() => {
      found = ctx.t.logs.map((line) => JSON.parse(line) as LogLine).filter((line) => line.msg.startsWith(prefix));
      expect(found).toHaveLength(count);
    });
    return found;
  };

  it('carry the link id once the link is issued, and a request id per command', async () => {
    const first = linkIn((await ctx.t.command('acme')).all);
    const second = linkIn((await ctx.t.command('acme --note "second"')).all);
    const [one, two] = await answeredLines('/sso-portal issue: ok', 2);
    expect(one).toMatchObject({ linkId: first.id, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(two).toMatchObject({ linkId: second.id, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(two?.requestId).not.toBe(one?.requestId);
  });

  it('carry the link id a command names, even when it is refused', async () => {
    const link = linkIn((await ctx.t.command('acme')).all);
    // Another CSM may not revoke Carl's link.
    const refused = await ctx.t.command(`revoke ${link.id}`, { userId: USERS.groupCsm.id });
    expect(refused.all).toContain(':warning:');
    const [line] = await answeredLines('/sso-portal revoke: refused', 1);
    expect(line).toMatchObject({ linkId: link.id, requestId: expect.any(String) });
  });

  it("carry a request id, and no link id, when the command is about none", async () => {
    await ctx.t.command('orgs', { userId: USERS.admin.id });
    const [line] = await answeredLines('/sso-portal orgs: ok', 1);
    expect(line?.requestId).toEqual(expect.any(String));
    expect(line).not.toHaveProperty('linkId');
  });
});

describe('work a command only sets going', () => {
  const ctx = useTestBot({ aliases: { acme: ORGS.acme.id }, env: { LOG_LEVEL: 'debug' } });

  it("logs as none of the command's: the Home tab republished after a link is issued", async () => {
    await ctx.t.command('acme');
    await ctx.t.slack.waitForCall('views.publish', (call) => call.args.user_id === USERS.csm.id);
    const lines = ctx.t.logs.map((line) => JSON.parse(line) as LogLine);
    const command = lines.find((line) => line.msg.startsWith('/sso-portal issue: ok'));
    expect(command?.requestId).toEqual(expect.any(String));
    const publishing = lines.filter((line) => line.msg.includes("apiCall('views.publish')"));
    expect(publishing.length).toBeGreaterThan(0);
    for (const line of publishing) expect(line).not.toHaveProperty('requestId');
  });
});
