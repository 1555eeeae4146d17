// Driving the Slack emulator's web console (emulators/slack/public) in a browser page.

import type { Page } from 'playwright-core';

type Id = string | { id: string };
const idOf = (value: Id) => (typeof value === 'string' ? value : value.id);

export interface SlackConsole {
  /** Switches the console to `user` looking at `channel` (a channel id, or `dm` for the user's DM with the bot). */
  as(user: Id, channel: Id): Promise<void>;
  /**
   * Switches the console to `user` on the app's Home tab (which sends the app `app_home_opened`)
   * and waits until their Home tab is drawn. A view the app publishes shows as `#home .home-view`,
   * and `#home[data-hash="<view hash>"]` once that very view is on screen.
   */
  openHome(user: Id): Promise<void>;
  /** Types `text` in the message box and presses Enter. */
  send(text: string): Promise<void>;
  /** Types a command and waits until `expected` shows in a message that arrived after it. */
  run(text: string, expected: string | RegExp): Promise<void>;
}

/** The console in `page()` (a function, so the page may be opened in a beforeAll). */
export function slackConsole(page: () => Page): SlackConsole {
  const send = async (text: string) => {
    await page().fill('#message-box', text);
    await page().press('#message-box', 'Enter');
  };
  return {
    async as(user, channel) {
      const [userId, channelId] = [idOf(user), idOf(channel)];
      await page().selectOption('#user', userId);
      await page().click(`:is(#channels, #dms) button[data-channel="${channelId}"]`);
      await page().waitForSelector(`#messages[data-shown="${userId}|${channelId}"]`, { state: 'attached' });
    },
    async openHome(user) {
      const userId = idOf(user);
      await page().selectOption('#user', userId);
      await page().click('#apps button[data-channel="home"]');
      await page().waitForSelector(`#home[data-shown="${userId}"]`, { state: 'attached' });
    },
    send,
    async run(text, expected) {
      const before = await page().locator('#messages > li').count();
      await send(text);
      const pattern = typeof expected === 'string' ? new RegExp(expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : expected;
      await page().waitForFunction(
        ({ count, source, flags }) => {
          const items = [...document.querySelectorAll('#messages > li')].slice(count);
          return items.some((item) => new RegExp(source, flags).test((item as HTMLElement).innerText));
        },
        { count: before, source: pattern.source, flags: pattern.flags },
      );
    },
  };
}
