// Slack emulator console: the app's Home tab. Opening it tells the app (`app_home_opened`); the
// view the app published for the person is drawn with blocks.js, and what they click or choose
// in it goes to the app as Slack sends it from the Home tab (home-input.ts on the server).

import { renderBlocks } from './blocks.js';
import { api, el } from './dom.js';

/** Tells the app that `user` opened its Home tab; what went wrong, or ''. */
export async function openHome(user) {
  const reply = await api('home', { userId: user });
  return reply.ok ? '' : `The app was not told you opened its Home tab: ${reply.error}`;
}

/**
 * The nodes of `view` (the Home view published for `ctx.user`, or null); `ctx` as blocks.js
 * takes it, plus `user`, `botName` and `done(problem)` after each click or choice.
 */
export function renderHome(view, ctx) {
  if (!view) return [el('p', { class: 'empty' }, `${ctx.botName} has not published a Home tab for you yet.`)];
  const selected = (block, element) => view.state?.values?.[block.block_id]?.[element.action_id];
  const act = async (block, element, choice) => {
    const reply = await api('action', { userId: ctx.user, viewId: view.id, blockId: block.block_id, actionId: element.action_id, ...choice });
    ctx.done(reply.ok ? '' : `Not delivered: ${reply.error}`);
  };
  return [el('div', { class: 'home-view', 'data-view-id': view.id }, ...renderBlocks(view.blocks ?? [], { ...ctx, selected, act }))];
}
