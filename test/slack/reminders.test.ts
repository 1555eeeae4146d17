// Reminders through the real bot, database and emulators: a direct message with its button, and
// the button by the issuer, an admin and a stranger.
import { describe, expect, it } from 'vitest';
import { linkIn, ORGS, USERS, useTestBot } from '../helpers/bot.js';
import { press, type ButtonAnswer } from '../helpers/buttons.js';

interface Block {
  type: string;
  elements?: Array<{ action_id?: string; value?: string; text?: unknown }>;
}

describe('reminders, through the real Bolt app', () => {
  const ctx = useTestBot({ env: { REMINDER_CHECK_EVERY: '1s', REMIND_UNOPENED_AFTER: '1s' }, aliases: { acme: ORGS.acme.id } });

  /** The reminder the issuer got about a link, as Slack received it. */
  const reminderOf = async (linkId: string) => {
    const call = await ctx.t.slack.waitForCall('chat.postMessage', (c) => c.args.channel === USERS.csm.id && String(c.args.text).includes(linkId), 10_000);
    const blocks = (typeof call.args.blocks === 'string' ? JSON.parse(call.args.blocks) : call.args.blocks) as Block[];
    return { text: String(call.args.text), blocks };
  };
  /** Presses a button of the reminder that shows `blocks`. */
  const click = async (userId: string, value: string, blocks: Block[], actionId = 'stop_link_reminders') =>
    (await press(ctx.t, { action_id: actionId, value }, userId, { blocks })) as Omit<ButtonAnswer, 'text' | 'blocks'> & { text: string; blocks?: Block[] };

  it('sends the issuer a reminder of an unopened link as a direct message, with a button that turns them off for the issuer or an admin', async () => {
    const first = linkIn((await ctx.t.command('acme')).all).id;
    const second = linkIn((await ctx.t.command('acme')).all).id;
    const reminder = await reminderOf(first);
    expect(reminder.text).toContain(`Reminder about ${first} for Acme Corp`);
    expect(JSON.stringify(reminder.blocks)).toContain('nobody at *Acme Corp* has opened the setup link');
    expect(JSON.stringify(reminder.blocks)).toContain('So far: 0 views · 0 portal sessions · nothing set up yet');
    const buttons = reminder.blocks.find((block) => block.type === 'actions')?.elements ?? [];
    expect(buttons.map((button) => button.action_id)).toEqual(['extend_link', 'replace_link', 'revoke_link', 'stop_link_reminders']);
    expect(buttons.at(-1)).toMatchObject({ value: first, text: { text: 'Stop reminders for this link' } });

    const refused = await click(USERS.stranger.id, first, reminder.blocks);
    expect(refused).toMatchObject({ replace_original: false });
    expect(refused.text).toContain(`Only <@${USERS.csm.id}>, who issued \`${first}\`, or an admin can turn off its reminders.`);

    const stopped = await click(USERS.csm.id, first, reminder.blocks);
    expect(stopped.replace_original).toBe(true);
    expect(stopped.text).toContain(`No more reminders for \`${first}\``);
    expect(stopped.blocks?.some((block) => block.type === 'actions')).toBe(false);
    expect(JSON.stringify(stopped.blocks)).toContain('has opened the setup link');

    const secondReminder = (await reminderOf(second)).blocks;
    const extendValue = secondReminder.find((block) => block.type === 'actions')?.elements?.find((b) => b.action_id === 'extend_link')?.value ?? '';
    const extended = await click(USERS.admin.id, extendValue, secondReminder, 'extend_link');
    expect(extended).toMatchObject({ replace_original: true });
    expect(extended.text).toContain(`\`${second}\` for *Acme Corp* now works until`);
    const byAdmin = await click(USERS.admin.id, second, secondReminder);
    expect(byAdmin.text).toContain(`turned off by <@${USERS.admin.id}>`);
    for (const [id, by] of [[first, USERS.csm.id], [second, USERS.admin.id]]) {
      const events = await ctx.t.bot.db.links.events(id as string);
      expect(events.filter(({ type }) => type === 'reminders_off').map(({ actor }) => actor)).toEqual([by]);
      expect(events.filter(({ type }) => type === 'reminded').map(({ detail }) => detail)).toEqual(['unopened']);
    }
    // The link's own buttons work from the reminder, with the same rules as anywhere else.
    const revokeValue = buttons.find((button) => button.action_id === 'revoke_link')?.value ?? '';
    expect((await click(USERS.stranger.id, revokeValue, reminder.blocks, 'revoke_link')).text).toContain(`Only <@${USERS.csm.id}>`);
    const revoked = await click(USERS.csm.id, revokeValue, reminder.blocks, 'revoke_link');
    // Answered in place: the reminder now says what became of the link, without its buttons.
    expect(revoked).toMatchObject({ replace_original: true });
    expect(revoked.text).toContain(`\`${first}\` for *Acme Corp* is revoked`);
    expect(revoked.blocks?.some((block) => block.type === 'actions')).toBe(false);
    expect(JSON.stringify(revoked.blocks)).toContain('has opened the setup link');

    // Later sweeps send no second reminder.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(ctx.t.slack.callsTo('chat.postMessage').filter((call) => String(call.args.text).startsWith('Reminder about'))).toHaveLength(2);
  });
});
