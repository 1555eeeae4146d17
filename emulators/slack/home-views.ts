// The App Home: the view `views.publish` last published for each person, as Slack keeps it.
// One view per person, whose id stays while each publish replaces its blocks and gives it a new
// `hash` (a publish that passes an older `hash` fails with `hash_conflict`). What the person
// chooses in its selects is kept in its `state.values`, as Slack sends it with each click.
//
// views.publish is checked as Slack checks it: a `home` view, at most 100 blocks, each with a
// `type`, unique block ids and action ids, `private_metadata` and `callback_id` within their
// limits, 250 KB in all; otherwise `invalid_arguments` (with Slack's `response_metadata.messages`)
// or `view_too_large`.

import { randomBytes } from 'node:crypto';
import { elementsOf, normalizeBlocks, type Block, type Json } from './block-actions.js';

export interface HomeView {
  id: string;
  team_id: string;
  type: 'home';
  blocks: Block[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  state: { values: Record<string, Record<string, Json>> };
  hash: string;
  title: unknown;
  close: null;
  submit: null;
  clear_on_close: boolean;
  notify_on_close: boolean;
  root_view_id: string;
  previous_view_id: null;
  app_id: string;
  app_installed_team_id: string;
  bot_id: string;
}

export interface HomeViews {
  /** `views.publish`, its arguments decoded. */
  publish(args: Json): Json;
  /** A copy of the view published for `userId`, if any. */
  view(userId: string): HomeView | undefined;
  /** Whose view `viewId` is. */
  ownerOf(viewId: unknown): string | undefined;
  /** Records a select's new value in the view's state (see block-actions.ts). */
  choose(userId: string, blockId: string, actionId: string, value: Json): void;
  /** Bumped on every publish and choice: the console redraws the Home tab when it changes. */
  revision(userId: string): number;
}

export interface HomeViewsDeps {
  teamId: string;
  appId: string;
  botId: string;
  isUser(id: string): boolean;
  nextId(prefix: string): string;
  /** A view was published or its state changed. */
  onChange(userId: string, view: HomeView): void;
}

const MAX_BLOCKS = 100;
const MAX_BYTES = 250 * 1024;
const MAX_METADATA = 3000;
const MAX_CALLBACK_ID = 255;

const invalid = (...messages: string[]): Json => ({ ok: false, error: 'invalid_arguments', response_metadata: { messages: messages.map((m) => `[ERROR] ${m}`) } });

export function createHomeViews(deps: HomeViewsDeps): HomeViews {
  const views = new Map<string, HomeView>(); // user id → view
  const revisions = new Map<string, number>();

  const changed = (userId: string, view: HomeView) => {
    revisions.set(userId, (revisions.get(userId) ?? 0) + 1);
    deps.onChange(userId, structuredClone(view));
  };

  return {
    publish(args) {
      const userId = typeof args.user_id === 'string' ? args.user_id : '';
      if (userId === '') return invalid('missing required field: user_id');
      if (!deps.isUser(userId)) return { ok: false, error: 'user_not_found' };
      const problem = viewProblem(args.view);
      if (problem) return problem;
      const given = args.view as Json;
      const current = views.get(userId);
      if (typeof args.hash === 'string' && args.hash !== '' && args.hash !== current?.hash) return { ok: false, error: 'hash_conflict' };

      const id = current?.id ?? deps.nextId('V');
      const view: HomeView = {
        id,
        team_id: deps.teamId,
        type: 'home',
        blocks: normalizeBlocks(given.blocks) ?? [],
        private_metadata: typeof given.private_metadata === 'string' ? given.private_metadata : '',
        callback_id: typeof given.callback_id === 'string' ? given.callback_id : '',
        external_id: typeof given.external_id === 'string' ? given.external_id : '',
        state: { values: {} },
        hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`,
        title: given.title ?? { type: 'plain_text', text: 'View Title', emoji: true },
        close: null,
        submit: null,
        clear_on_close: false,
        notify_on_close: false,
        root_view_id: id,
        previous_view_id: null,
        app_id: deps.appId,
        app_installed_team_id: deps.teamId,
        bot_id: deps.botId,
      };
      views.set(userId, view);
      changed(userId, view);
      return { ok: true, view: structuredClone(view) };
    },
    view: (userId) => {
      const view = views.get(userId);
      return view && structuredClone(view);
    },
    ownerOf: (viewId) => [...views].find(([, view]) => view.id === viewId)?.[0],
    choose(userId, blockId, actionId, value) {
      const view = views.get(userId);
      if (!view) return;
      view.state.values[blockId] = { ...view.state.values[blockId], [actionId]: value };
      changed(userId, view);
    },
    revision: (userId) => revisions.get(userId) ?? 0,
  };
}

/** Why Slack would refuse `view` as a Home view, or undefined. */
function viewProblem(view: unknown): Json | undefined {
  if (typeof view !== 'object' || view === null || Array.isArray(view)) return invalid('missing required field: view');
  const v = view as Json;
  if (v.type !== 'home') return invalid('must be one of the following: home [json-pointer:/view/type]');
  if (!Array.isArray(v.blocks)) return invalid('missing required field: blocks [json-pointer:/view/blocks]');
  if (v.blocks.length > MAX_BLOCKS) return invalid(`no more than ${MAX_BLOCKS} items allowed [json-pointer:/view/blocks]`);
  if (typeof v.private_metadata === 'string' && v.private_metadata.length > MAX_METADATA) {
    return invalid(`must be less than ${MAX_METADATA + 1} characters [json-pointer:/view/private_metadata]`);
  }
  if (typeof v.callback_id === 'string' && v.callback_id.length > MAX_CALLBACK_ID) {
    return invalid(`must be less than ${MAX_CALLBACK_ID + 1} characters [json-pointer:/view/callback_id]`);
  }
  const blockIds = new Set<unknown>();
  for (const [index, block] of (v.blocks as unknown[]).entries()) {
    const pointer = `[json-pointer:/view/blocks/${index}]`;
    if (typeof block !== 'object' || block === null || typeof (block as Json).type !== 'string') return invalid(`missing required field: type ${pointer}`);
    const blockId = (block as Json).block_id;
    if (blockId !== undefined && blockIds.has(blockId)) return invalid(`duplicate block_id ${JSON.stringify(blockId)} ${pointer}`);
    blockIds.add(blockId);
    const actionIds = elementsOf(block as Block).map((e) => e.action_id).filter((a) => a !== undefined);
    if (new Set(actionIds).size !== actionIds.length) return invalid(`duplicate action_id in one block ${pointer}`);
  }
  if (Buffer.byteLength(JSON.stringify(v)) > MAX_BYTES) return { ok: false, error: 'view_too_large' };
  return undefined;
}
