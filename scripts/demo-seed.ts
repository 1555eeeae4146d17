// A first look at the Home tab's board that means something: on an empty database, the demo
// seeds a few customers at different stages through the bot's real paths (slash commands, the
// hosted page), as the people of the demo workspace would.
import type { SlackFake } from '../emulators/slack/index.js';
import { sendSlashCommand } from '../emulators/slack/index.js';
import { ORGS, TEAM, USERS } from '../emulators/world.js';

interface Demo {
  botUrl: string;
  slack: SlackFake;
  signingSecret: string;
}

/** What the person saw: the command's ack, or the first post to its response URL. */
async function command(demo: Demo, userId: string, text: string): Promise<string> {
  const responseUrl = demo.slack.responseUrl({ channelId: 'C0GENERAL', userId });
  const id = responseUrl.split('/').pop();
  const sent = await sendSlashCommand({ appUrl: demo.botUrl, signingSecret: demo.signingSecret, text, userId, teamId: TEAM.id, channelId: 'C0GENERAL', responseUrl });
  const answer = sent.json ?? (await demo.slack.waitForResponse((response) => response.id === id)).body;
  return JSON.stringify(answer);
}

/** The hosted page's path (`/p/<token>`) in an answer; throws when the command sent no link. */
function pagePath(answer: string): string {
  const path = /\/p\/[A-Za-z0-9_-]+/.exec(answer)?.[0];
  if (!path) throw new Error(`the demo's seed expected a link, and got: ${answer.slice(0, 300)}`);
  return path;
}

const post = (demo: Demo, path: string, body: unknown) => fetch(`${demo.botUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });

export async function seedDemo(demo: Demo): Promise<void> {
  const { admin, csm, groupCsm } = USERS;
  // Ada adds three customers from Slack: Scalekit organizations, domains and aliases.
  await command(demo, admin.id, 'new "Umbrella Health" --alias umbrella --domain umbrella.example');
  await command(demo, admin.id, 'new "Hooli" --domain hooli.example');
  await command(demo, admin.id, 'new "Stark Industries" --alias stark --external-id CUST-3000');
  // Carl sends Umbrella a link nobody opens: after REMIND_UNOPENED_AFTER it needs attention.
  pagePath(await command(demo, csm.id, 'umbrella --note "Kick-off on Monday"'));
  // Hooli's admin opens the portal and is setting up SSO.
  const hooli = pagePath(await command(demo, csm.id, 'hooli --sso'));
  await post(demo, `${hooli}/session`, { firstLoad: true });
  // Stark finished single sign-on.
  const stark = pagePath(await command(demo, csm.id, 'stark --sso'));
  await post(demo, `${stark}/session`, { firstLoad: true });
  await post(demo, `${stark}/events`, { event: 'ORGANIZATION_SSO_ENABLED' });
  // A customer nobody has added yet: the attempt fails, and the board says so.
  await command(demo, csm.id, 'wayne-enterprises');
  // Gina, another CSM, works on Initech: Ada sees it on the team's board.
  pagePath(await command(demo, groupCsm.id, `${ORGS.initech.id} --scim`));
}
