import { z } from 'zod';

// What each kind of request from Slack must carry before Bolt and the listeners read it. Bolt
// itself reads the user, the view, the channel and the actions before any middleware runs, and
// answers HTTP 500 when they are missing; the listeners read the rest. Fields nobody reads are
// not checked. A kind not listed here is one the app has no listener for.

const id = z.string().min(1);
const person = z.object({ id });

/**
 * A Slack conversation id: a channel (C…), a private channel or group DM (G…), a direct message
 * (D…). The bot writes a channel it was given into messages as `<#id>`: anything else there
 * would be markup of the sender's choosing.
 */
export const CONVERSATION_ID = /^[CGD][A-Z0-9]+$/;
const conversation = z.string().regex(CONVERSATION_ID, 'not a conversation id');

/** What Bolt reads of any interaction: the channel's id, and the first response URL of a form. */
const interaction = z.object({
  channel: z.object({ id: conversation }).optional(),
  response_urls: z.array(z.object({ response_url: z.string() })).optional(),
});

const slashCommand = z.object({
  command: z.string(),
  text: z.string(),
  user_id: id,
  team_id: id,
  channel_id: conversation,
  response_url: z.string(),
});

const option = z.object({ value: z.string() });
/** One input's state, whichever kind of element it is. */
const inputState = z.object({
  value: z.string().nullish(),
  selected_option: option.nullish(),
  selected_options: z.array(option).optional(),
  selected_conversation: conversation.nullish(),
  selected_user: z.string().nullish(),
});
const viewState = z.object({ values: z.record(z.string(), z.record(z.string(), inputState)) });

const action = z.object({
  action_id: z.string(),
  block_id: z.string().optional(),
  value: z.string().optional(),
  selected_option: option.optional(),
  selected_user: z.string().optional(),
});

/** A click in a message: answered through its response URL. */
const messageBlockActions = interaction.extend({
  type: z.literal('block_actions'),
  user: person,
  // Opens a form (the Home tab's menus, the new customer's buttons).
  trigger_id: z.string(),
  response_url: z.string(),
  actions: z.array(action).min(1),
});

/** A click in a view (the App Home, a modal): Slack sends no response URL, but the view itself. */
const viewBlockActions = messageBlockActions.extend({
  response_url: z.string().optional(),
  container: z.object({ type: z.literal('view'), view_id: id }),
  view: z.object({ id, type: z.string(), private_metadata: z.string(), hash: z.string(), state: viewState }),
});

const globalShortcut = interaction.extend({
  type: z.literal('shortcut'),
  callback_id: z.string(),
  trigger_id: z.string(),
  user: person,
});

const messageShortcut = globalShortcut.extend({
  type: z.literal('message_action'),
  channel: z.object({ id: conversation }),
});

const viewSubmission = interaction.extend({
  type: z.literal('view_submission'),
  user: person,
  view: z.object({
    callback_id: z.string(),
    private_metadata: z.string(),
    state: viewState,
    app_installed_team_id: z.string().optional(),
    team_id: z.string().optional(),
  }),
});

/** Someone opened the app's Home (or Messages) tab; `view` is the Home view published for them, if any. */
const appHomeOpened = z.object({
  type: z.literal('event_callback'),
  team_id: id,
  event: z.object({
    type: z.literal('app_home_opened'),
    user: id,
    channel: id,
    tab: z.enum(['home', 'messages']),
    view: z.object({ id, hash: z.string() }).optional(),
  }),
});

/** By kind; a Map, so that a `type` such as "constructor" finds nothing. */
const SHAPES = new Map<string, z.ZodType>([
  ['slash command', slashCommand],
  ['block action', messageBlockActions],
  ['shortcut', globalShortcut],
  ['message_action', messageShortcut],
  ['view_submission', viewSubmission],
]);

/** Events by their own type, likewise. */
const EVENTS = new Map<string, z.ZodType>([['app_home_opened', appHomeOpened]]);

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

/** The shape a request of `kind` must have: an event's is its type's, a click's depends on where it was. */
function shapeOf(kind: string, body: Loose): z.ZodType | undefined {
  if (kind === 'event') return EVENTS.get(text(fields(body.event).type) ?? '');
  if (kind === 'block action' && fields(body.container).type === 'view') return viewBlockActions;
  return SHAPES.get(kind);
}

/** A Slack user id: only such an id may be the channel of a direct message. */
const USER_ID = /^[UW][A-Z0-9]+$/;

export interface RequestTraits {
  kind: string;
  /** The command, action id, callback id or event type, as sent. */
  name: string | undefined;
  /** Who sent it and from where, when the request says so. */
  sender: { userId: string; channelId: string | null } | undefined;
}

/** What a request says about itself, read without trusting its shape. */
export function requestTraits(body: unknown): RequestTraits {
  const b = fields(body);
  const firstAction = Array.isArray(b.actions) ? fields(b.actions[0]) : {};
  const userId = text(fields(b.user).id) ?? text(b.user_id);
  const channelId = text(fields(b.channel).id) ?? text(b.channel_id);
  return {
    kind: kindOf(b),
    name: text(b.command) ?? text(firstAction.action_id) ?? text(b.callback_id) ?? text(fields(b.view).callback_id) ?? text(fields(b.event).type),
    sender: userId && USER_ID.test(userId) ? { userId, channelId: channelId && CONVERSATION_ID.test(channelId) ? channelId : null } : undefined,
  };
}

/** Why the app cannot take this request, or undefined when it has the shape of its kind. */
export function requestProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the payload is not an object';
  const kind = kindOf(body as Loose);
  const shape = shapeOf(kind, body as Loose);
  if (!shape) return 'the app takes no request of this kind';
  const parsed = shape.safeParse(body);
  return parsed.success ? undefined : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`).join('; ');
}
