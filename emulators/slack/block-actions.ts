// The interactive elements of Block Kit the fake takes clicks on, wherever they are (a message,
// the App Home), and the `actions` entry and view `state` Slack sends when someone uses one:
// a button (its `value`), a static select or an overflow menu (the `selected_option`, as
// defined in the element), a users select (the `selected_user`).

import { randomBytes } from 'node:crypto';

export type Block = Record<string, unknown>;
export type Json = Record<string, unknown>;

/** What the person chose: an option's `value` (selects, overflow) or a user id (users select). */
export interface Choice {
  value?: string;
  user?: string;
}

const INTERACTIVE = new Set(['button', 'static_select', 'users_select', 'overflow']);

const objects = (value: unknown): Json[] =>
  Array.isArray(value) ? value.filter((e): e is Json => typeof e === 'object' && e !== null) : [];

/** Interactive elements of a block: a section's accessory, an actions block's elements. */
export function elementsOf(block: Block): Json[] {
  const found = objects([block.accessory]);
  if (block.type === 'actions') found.push(...objects(block.elements));
  return found.filter((e) => INTERACTIVE.has(String(e.type)));
}

/** The element `actionId` in the block `blockId` of `blocks`. */
export function findElement(blocks: Block[] | undefined, blockId: unknown, actionId: unknown): { block: Block; element: Json } | undefined {
  for (const block of blocks ?? []) {
    if (block.block_id !== blockId) continue;
    const element = elementsOf(block).find((e) => e.action_id === actionId);
    if (element) return { block, element };
  }
  return undefined;
}

/** A copy of the blocks with the `block_id` and `action_id` Slack generates when they are missing. */
export function normalizeBlocks(blocks: unknown): Block[] | undefined {
  if (!Array.isArray(blocks)) return undefined;
  return objects(blocks).map((original) => {
    const block = structuredClone(original);
    if (typeof block.block_id !== 'string') block.block_id = randomBytes(3).toString('base64url');
    for (const element of elementsOf(block)) {
      if (typeof element.action_id !== 'string') element.action_id = randomBytes(3).toString('base64url');
    }
    return block;
  });
}

/** A select's or overflow menu's options, option groups included. */
function optionsOf(element: Json): Json[] {
  return [...objects(element.options), ...objects(element.option_groups).flatMap((group) => objects(group.options))];
}

export type Used = { action: Json; state?: Json } | { error: string };

/**
 * The `actions[0]` entry for using `element` of `block`, and for a select the value it now holds
 * in the view's `state.values[block_id][action_id]`. `knownUser` says whether a user id exists.
 */
export function useElement(block: Block, element: Json, choice: Choice, knownUser: (id: string) => boolean): Used {
  const base = { action_id: element.action_id, block_id: block.block_id, type: element.type };
  const actionTs = `${(Date.now() / 1000).toFixed(6)}`;
  switch (element.type) {
    case 'button':
      return {
        action: {
          ...base,
          text: element.text,
          ...(element.value !== undefined ? { value: element.value } : {}),
          ...(element.url !== undefined ? { url: element.url } : {}),
          ...(element.style !== undefined ? { style: element.style } : {}),
          action_ts: actionTs,
        },
      };
    case 'static_select':
    case 'overflow': {
      const option = optionsOf(element).find((o) => o.value === choice.value);
      if (!option) return { error: 'option_not_found' };
      const selected = structuredClone(option);
      const state = element.type === 'static_select' ? { type: element.type, selected_option: selected } : undefined;
      const placeholder = element.placeholder !== undefined ? { placeholder: element.placeholder } : {};
      return { action: { ...base, selected_option: selected, ...placeholder, action_ts: actionTs }, state };
    }
    case 'users_select': {
      if (choice.user === undefined || !knownUser(choice.user)) return { error: 'user_not_found' };
      const placeholder = element.placeholder !== undefined ? { placeholder: element.placeholder } : {};
      return { action: { ...base, selected_user: choice.user, ...placeholder, action_ts: actionTs }, state: { type: element.type, selected_user: choice.user } };
    }
    default:
      return { error: 'action_not_found' };
  }
}
