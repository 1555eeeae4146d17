// The Home tab's publisher: one person's publishes land in the order they were asked for, each
// built from the choice current when its turn comes.
import type { WebClient } from '@slack/web-api';
import pino from 'pino';
import { expect, it } from 'vitest';
import { HomeTab } from '../../src/slack/home-tab.js';
import { useCases, USERS } from '../helpers/use-cases.js';

it('never lets an older view land after a newer one, though Slack answers the first publish last', async () => {
  const cases = useCases();
  const landed: string[] = [];
  let calls = 0;
  const client = {
    views: {
      // The first publish is slow to answer: without turns, the second would land first.
      publish: async ({ view }: { view: { private_metadata?: string } }) => {
        calls += 1;
        if (calls === 1) await new Promise((resolve) => setTimeout(resolve, 50));
        landed.push(view.private_metadata ?? '');
        return { ok: true };
      },
    },
  } as unknown as WebClient;
  const home = new HomeTab(cases.board, client, pino({ level: 'silent' }), async () => null);
  await Promise.all([home.publish(USERS.admin.id), home.publish(USERS.admin.id, { stage: 'finished' })]);
  // Each is built when its turn comes, from the latest choice: the view that lands last shows it.
  expect(landed).toEqual(['{"stage":"finished"}', '{"stage":"finished"}']);
  // A failed publish does not stop the next one.
  calls = 1;
  (client.views as { publish: unknown }).publish = async () => {
    throw new Error('slack is down');
  };
  await expect(home.publish(USERS.admin.id)).rejects.toThrow('slack is down');
});

it('keeps one republish waiting per person however fast changes come, and publishes nothing after stop', async () => {
  const cases = useCases();
  let published = 0;
  const client = { views: { publish: async () => ((published += 1), { ok: true }) } } as unknown as WebClient;
  const home = new HomeTab(cases.board, client, pino({ level: 'silent' }), async () => null);
  for (let i = 0; i < 50; i++) home.refresh([USERS.csm.id]);
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(published).toBe(1);
  home.refresh([USERS.csm.id]);
  await home.stop();
  await home.publish(USERS.csm.id);
  expect(published).toBe(1);
});
