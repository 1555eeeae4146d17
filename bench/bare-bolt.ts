// The baseline: a bare Bolt app that only acknowledges /sso-portal. Prints its port as JSON.
import { App } from '@slack/bolt';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const app = new App({
  token: 'xoxb-bare',
  botId: 'B0BARE',
  botUserId: 'U0BARE',
  tokenVerificationEnabled: false,
  signingSecret: process.env.SLACK_SIGNING_SECRET as string,
});
app.command('/sso-portal', async ({ ack }) => ack());
const server = (await app.start(0)) as Server;
console.log(JSON.stringify({ port: (server.address() as AddressInfo).port }));
