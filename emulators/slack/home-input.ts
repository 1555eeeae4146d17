// What a person does on the app's Home tab: open it (Slack sends the app `app_home_opened`, with
// the view published for them, if any) and use a button, select or overflow menu in that view
// (a `block_actions` whose container is the view: no channel, no message, no response URL, as
// Slack sends clicks in the App Home). Both go to the app through app-delivery.ts.

import { NO_APP, type AppDelivery, type Delivered } from './app-delivery.js';
import { findElement, useElement, type Choice, type Json } from './block-actions.js';
import { dmChannelId } from './direct-messages.js';
import type { HomeViews } from './home-views.js';
import { appHomeOpenedEvent, fakeTriggerId } from './requests.js';

/** Someone using an element of their Home view; `blockId` may be left out when the action id is unique. */
export interface HomeAction extends Choice {
  actionId: string;
  blockId?: string;
}

export type HomeResult = { ok: true } | { ok: false; error: string };

export interface HomeInput {
  /** `userId` opens the Home tab: `app_home_opened` to the app. */
  open(userId: string): Promise<HomeResult>;
  /** `userId` clicks or chooses in their Home view. */
  action(userId: string, action: HomeAction): Promise<HomeResult>;
}

export interface HomeInputDeps {
  teamId: string;
  appId: string;
  botUserId: string;
  users: Array<{ id: string; name: string }>;
  homes: HomeViews;
  delivery: AppDelivery;
}

const failed = (sent: Delivered): HomeResult => (sent.ok ? { ok: true } : { ok: false, error: `${sent.error}: ${sent.detail}` });

export function createHomeInput(deps: HomeInputDeps): HomeInput {
  const userById = (id: string) => deps.users.find((u) => u.id === id);

  return {
    async open(userId) {
      if (!userById(userId)) return { ok: false, error: 'user_not_found' };
      if (!deps.delivery.connected()) return { ok: false, error: NO_APP };
      const view = deps.homes.view(userId);
      const body = appHomeOpenedEvent({ userId, teamId: deps.teamId, apiAppId: deps.appId, botUserId: deps.botUserId, channelId: dmChannelId(userId), view });
      return failed(await deps.delivery.event(body));
    },

    async action(userId, action) {
      const user = userById(userId);
      if (!user) return { ok: false, error: 'user_not_found' };
      const view = deps.homes.view(userId);
      if (!view) return { ok: false, error: 'view_not_found' };
      const blockId = action.blockId ?? view.blocks.find((b) => findElement([b], b.block_id, action.actionId))?.block_id;
      const found = findElement(view.blocks, blockId, action.actionId);
      if (!found) return { ok: false, error: 'action_not_found' };
      if (!deps.delivery.connected()) return { ok: false, error: NO_APP };
      const used = useElement(found.block, found.element, action, (id) => userById(id) !== undefined);
      if ('error' in used) return { ok: false, error: used.error };
      // The view as Slack sends it along: its state holds the choice just made.
      if (used.state) deps.homes.choose(userId, String(found.block.block_id), action.actionId, used.state);
      const payload: Json = {
        type: 'block_actions',
        user: { id: user.id, username: user.name, name: user.name, team_id: deps.teamId },
        api_app_id: deps.appId,
        token: 'fake-verification-token',
        container: { type: 'view', view_id: view.id },
        trigger_id: fakeTriggerId(),
        team: { id: deps.teamId, domain: `fake-${deps.teamId.toLowerCase()}` },
        enterprise: null,
        is_enterprise_install: false,
        view: deps.homes.view(userId),
        actions: [used.action],
      };
      return failed(await deps.delivery.interaction(payload));
    },
  };
}
