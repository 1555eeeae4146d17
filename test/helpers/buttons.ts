// Buttons in the bot's messages, pressed as Slack presses them: a signed block_actions request,
// answered through its response URL.
import { sendInteraction } from '../../emulators/slack/index.js';
import { messageText, SIGNING_SECRET, TEAM_ID, type TestBot } from './bot.js';

export interface ButtonElement {
  type: 'button';
  action_id: string;
  text: { text: string };
  value?: string;
  url?: string;
  style?: string;
  confirm?: { title: { text: string }; text: { text: string } };
}

/** Every button of a message's blocks, in order (accessories and actions blocks alike). */
export function buttonsOf(message: { blocks?: unknown[] }): ButtonElement[] {
  const blocks = (message.blocks ?? []) as Array<{ accessory?: ButtonElement; elements?: ButtonElement[] }>;
  return blocks.flatMap((block) => [...(block.accessory ? [block.accessory] : []), ...(block.elements ?? [])]).filter((e) => e.type === 'button');
}

/** The button with `actionId` (whose value starts with `linkId`, when given); throws, showing what there is, when none. */
export function buttonIn(message: { blocks?: unknown[] }, actionId: string, linkId?: string): ButtonElement {
  const buttons = buttonsOf(message);
  const found = buttons.find((b) => b.action_id === actionId && (linkId === undefined || b.value?.split(' ')[0] === linkId));
  if (!found) throw new Error(`no button ${actionId}${linkId ? ` for ${linkId}` : ''} among ${JSON.stringify(buttons.map((b) => [b.action_id, b.value]))}`);
  return found;
}

/** What the bot posted to the response URL of a press. */
export interface ButtonAnswer {
  text?: string;
  blocks?: unknown[];
  response_type?: string;
  replace_original?: boolean;
  /** The answer as plain text (text and every block's text), for assertions. */
  all: string;
}

/**
 * Presses `button` as `userId`, with the value it carries (or a forged one): by default in an
 * ephemeral message as Slack shows command replies; with `inDm`, in the bot's direct message
 * showing those blocks, which Slack then sends along (as with a reminder).
 */
export async function press(t: TestBot, button: { action_id: string; value?: string }, userId: string, inDm?: { blocks: unknown[] }): Promise<ButtonAnswer> {
  const responseUrl = t.slack.responseUrl();
  const result = await sendInteraction({
    appUrl: t.appUrl,
    signingSecret: SIGNING_SECRET,
    payload: {
      type: 'block_actions',
      team: { id: TEAM_ID },
      user: { id: userId, team_id: TEAM_ID },
      ...(inDm
        ? {
            container: { type: 'message', message_ts: '1.2', channel_id: 'D0DM', is_ephemeral: false },
            message: { type: 'message', ts: '1.2', text: 'message', blocks: inDm.blocks },
          }
        : {
            channel: { id: 'C0GENERAL', name: 'general' },
            container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0GENERAL', is_ephemeral: true },
          }),
      actions: [{ action_id: button.action_id, block_id: 'b', type: 'button', value: button.value, action_ts: '1' }],
      trigger_id: '1.2.3',
      response_url: responseUrl,
    },
  });
  if (result.status !== 200) throw new Error(`the press was answered with HTTP ${result.status}`);
  const posted = await t.slack.waitForResponse((r) => r.id === responseUrl.split('/').pop());
  const body = posted.body as Omit<ButtonAnswer, 'all'>;
  return { ...body, all: messageText(body) };
}
