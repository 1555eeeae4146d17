import { z } from 'zod';

// What each kind of request from Slack must carry before Bolt and the listeners read it. Bolt
// itself reads the user, the view, the channel and the actions before any middleware runs, and
// answers HTTP 500 when they are missing; the listeners read the rest. Fields nobody reads are
// not checked. A kind not listed here is one the app has no listener for.

const id = z.string().min(1);
const person = z.object({ id });

/** What Bolt reads of any interaction: the channel's id, and the first response URL of a form. */
const interaction = z.object({
  channel: z.object({ id }).optional(),
  response_urls: z.array(z.object({ response_url: z.string() })).optional(),
});

const slashCommand = z.object({
  command: z.string(),
  text: z.string(),
  user_id: id,
  team_id: id,
  channel_id: id,
  response_url: z.string(),
});

const blockActions = interaction.extend({
  type: z.literal('block_actions'),
  user: person,
  // Opens a form (the new customer's buttons).
  trigger_id: z.string(),
  // A button on the Home tab or in a form has none; one in a message always has.
  response_url: z.string().optional(),
  actions: z.array(z.object({ action_id: z.string(), block_id: z.string().optional(), value: z.string().optional() })).min(1),
});

const globalShortcut = interaction.extend({
  type: z.literal('shortcut'),
  callback_id: z.string(),
  trigger_id: z.string(),
  user: person,
});

const messageShortcut = globalShortcut.extend({
  type: z.literal('message_action'),
  channel: z.object({ id }),
});

const option = z.object({ value: z.string() });
/** One input's state, whichever kind of element it is. */
const inputState = z.object({
  value: z.string().nullish(),
  selected_option: option.nullish(),
  selected_options: z.array(option).optional(),
  selected_conversation: z.string().nullish(),
});

const viewSubmission = interaction.extend({
  type: z.literal('view_submission'),
  user: person,
  view: z.object({
    callback_id: z.string(),
    private_metadata: z.string(),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), inputState)) }),
    app_installed_team_id: z.string().optional(),
    team_id: z.string().optional(),
  }),
});

/** By kind; a Map, so that a `type` such as "constructor" finds nothing. */
const SHAPES = new Map<string, z.ZodType>([
  ['slash command', slashCommand],
  ['block action', blockActions],
  ['shortcut', globalShortcut],
  ['message_action', messageShortcut],
  ['view_submission', viewSubmission],
]);

type Loose = Record<string, unknown>;
const fields = (value: unknown): Loose => (typeof value === 'object' && value !== null ? (value as Loose) : {});
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The kind Bolt takes a request for, asked in Bolt's own order (its getTypeAndConversation). */
function kindOf(body: Loose): string {
  if (body.event !== undefined) return 'event';
  if (body.command !== undefined) return 'slash command';
  if (body.name !== undefined || body.type === 'block_suggestion') return 'options request';
  if (body.actions !== undefined || body.type === 'dialog_submission') return 'block action';
  return text(body.type) ?? 'request of no known kind';
}

/** A Slack user id: only such an id may be the channel of a direct message. */
const USER_ID = /^[UW][A-Z0-9]+$/;

export interface RequestTraits {
  kind: string;
  /** The command, action id or callback id, as sent. */
  name: string | undefined;
  /** Who sent it and from where, when the request says so. */
  sender: { userId: string; channelId: string | null } | undefined;
}

/** What a request says about itself, read without trusting its shape. */
export function requestTraits(body: unknown): RequestTraits {
  const b = fields(body);
  const firstAction = Array.isArray(b.actions) ? fields(b.actions[0]) : {};
  const userId = text(fields(b.user).id) ?? text(b.user_id);
  return {
    kind: kindOf(b),
    name: text(b.command) ?? text(firstAction.action_id) ?? text(b.callback_id) ?? text(fields(b.view).callback_id),
    sender: userId && USER_ID.test(userId) ? { userId, channelId: text(fields(b.channel).id) ?? text(b.channel_id) ?? null } : undefined,
  };
}

/** Why the app cannot take this request, or undefined when it has the shape of its kind. */
export function requestProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the payload is not an object';
  const kind = kindOf(body as Loose);
  const shape = SHAPES.get(kind);
  if (!shape) return 'the app takes no request of this kind';
  const parsed = shape.safeParse(body);
  return parsed.success ? undefined : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`).join('; ');
}
