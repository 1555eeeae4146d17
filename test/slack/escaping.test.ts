// What people type comes back escaped: a reply never turns user text into a mention, a broadcast
// or a disguised link (findings of a fuzz run of hostile commands, through the real Bolt app).
import { describe, expect, it } from 'vitest';
import { ORGS, PUBLIC_BASE_URL, USERS, useTestBot, type Reply } from '../helpers/bot.js';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The `<…>` markup the bot writes itself: dates, channels, people, the guides and its own links. */
const BOT_MARKUP = new RegExp(
  [
    String.raw`<!date\^\d+\^[^|>]*\|[^<>]*>`,
    String.raw`<#C[A-Z0-9]+>`,
    String.raw`<@U[A-Z0-9]+>`,
    String.raw`<https://docs\.scalekit\.com/[^|<>]*\|[^<>]*>`,
    `<${escapeRegExp(PUBLIC_BASE_URL)}/p/[^|<>]*\\|[^<>]*>`,
  ].join('|'),
  'g',
);

/**
 * Fails when the reply holds markup that came from `typed`: every `<…>` must be the bot's own and
 * not something the person typed, no other `<` or `>` may be left, and code spans must all close.
 */
function expectNoMarkupFrom(typed: string, reply: Reply): void {
  const spans = reply.all.match(BOT_MARKUP) ?? [];
  for (const span of spans) expect(typed, `${span} was typed, and came back live`).not.toContain(span);
  // What is left may hold no `<` or `>`, but for a `> ` that starts a quoted line.
  const rest = reply.all.replace(BOT_MARKUP, '').replace(/^> /gm, '');
  expect(rest, `live markup in: ${reply.all}`).not.toMatch(/[<>]/);
  for (const text of reply.all.split('\n')) expect(text.split('`').length % 2, `an unclosed code span in: ${text}`).toBe(1);
}

describe('replies escape what people typed', () => {
  const ctx = useTestBot({ aliases: { acme: ORGS.acme.id } });
  const asAdmin = (text: string) => ctx.t.command(text, { userId: USERS.admin.id });

  it.each([
    // The fuzz run's findings. Slack's markup is read back as typed (`<!here>` is `@here`), never kept live.
    ['<!here|here>', 'No customer is mapped as `@here`'],
    ['ext:<!channel|@channel>', 'Scalekit has no organization `ext:@channel`'],
    ['revoke <!subteam^S0ABC|@team>', 'There is no issued link `@team`'],
    ['unmap "a`<!here>`b"', 'No customer is mapped as `aˋ@hereˋb`'],
    ['<https://evil.example/x|click here>', '`here&gt;`'],
    // The same, through every other place a reply quotes the command.
    ['acme <https://evil.example/x|click>', 'Too many words for `/sso-portal &lt;customer&gt;`: `click`'],
    ['guides <!channel>', "I don't know the identity provider `@channel`"],
    ['acme --idp <!here>', "I don't know the identity provider `@here`"],
    ['acme --ttl <!here>', '`--ttl @here` is not a lifetime'],
    ['acme --<!channel>', 'has no option `--&lt;!channel&gt;`'],
    ['links <@U0CSM>', 'No customer is mapped as `@u0csm`'],
    ['status <!everyone>', 'No customer is mapped as `@everyone`'],
    ['map <!here> ext:X', '`@here` can\'t be an alias'],
    ['map acme2 <https://evil.example|acme 2>', 'Too many words for `map`: `2&gt;`'],
    ['map acme2 "&lt;https://evil.example|org_1&gt;"', '`&lt;https://evil.example|org_1&gt;` is not a Scalekit organization id'],
    ['unmap --channel=<!here>', '`unmap` takes no option `--channel`'],
  ])('%s', async (typed, shown) => {
    const reply = await asAdmin(typed);
    expect(reply.status).toBe(200);
    expect(reply.all).toContain(shown);
    expectNoMarkupFrom(typed, reply);
  });

  it('in a note, on the link, in the list of links and in the status', async () => {
    const typed = 'acme --note "<!here> fish & chips `<https://evil.example|x>` for <@U0CSM>"';
    const shown = '@here fish &amp; chips `x` for @U0CSM';
    const issued = await asAdmin(typed);
    expect(issued.all).toContain(shown);
    expectNoMarkupFrom(typed, issued);
    for (const view of ['links acme', 'status acme']) {
      const reply = await asAdmin(view);
      expect(reply.all).toContain(shown);
      expectNoMarkupFrom(typed, reply);
    }
  });

  it('in failed attempts listed by links', async () => {
    const typed = '<!channel|@channel>';
    await asAdmin(typed);
    const reply = await asAdmin('links');
    expect(reply.all).toContain('*@channel*');
    expectNoMarkupFrom(typed, reply);
  });
});
