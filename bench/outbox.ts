// Outbox delivery: messages per second through the outbox (claim, send to the Slack emulator,
// mark sent) beside the same messages posted straight to the emulator, on SQLite and PostgreSQL.
import { WebClient } from '@slack/web-api';
import { OutboxDelivery } from '../src/core/outbox/delivery.js';
import { openDatabase } from '../src/db/client.js';
import { createSlackSender } from '../src/slack/message-sender.js';
import { setupCompletedMessage } from '../src/slack/blocks/setup-completed.js';
import { BOT_TOKEN, USERS, type Fakes } from '../test/helpers/bot.js';
import { databaseKinds } from '../test/helpers/database.js';
import { newLink } from '../test/helpers/fixtures.js';

const MESSAGES = 1000;

export async function benchOutbox(fakes: Fakes): Promise<void> {
  const client = new WebClient(BOT_TOKEN, { slackApiUrl: fakes.slack.apiUrl });
  const facts = (linkId: string) => ({ issuerId: USERS.csm.id, orgName: 'Acme', linkId, part: 'sso' as const, source: 'page' as const });

  console.log(`outbox delivery, ${MESSAGES} setup-finished messages`);
  let started = performance.now();
  for (let i = 0; i < MESSAGES; i++) {
    await client.chat.postMessage({ channel: USERS.csm.id, ...setupCompletedMessage(facts(`L-bare-${i}`), 'issuer') });
  }
  const bareRate = MESSAGES / ((performance.now() - started) / 1000);
  console.log(`  chat.postMessage alone ${bareRate.toFixed(0)}/s`);

  for (const { kind, create } of databaseKinds) {
    const database = await create();
    const db = await openDatabase(database.url);
    try {
      const now = new Date();
      for (let i = 0; i < MESSAGES; i++) {
        const linkId = `L-bench-${i}`;
        await db.links.create(newLink({ id: linkId, createdAt: now }));
        const message = { kind: 'setup_completed' as const, to: { userId: USERS.csm.id }, facts: facts(linkId) };
        await db.links.claimSetupNotice({ linkId, part: 'sso', actor: USERS.csm.id, messages: [{ id: `setup:${linkId}:sso:issuer`, message, createdAt: now }] });
      }
      const delivery = new OutboxDelivery(db.outbox, createSlackSender(client), () => new Date());
      started = performance.now();
      let sent = 0;
      while (sent < MESSAGES) {
        const report = await delivery.deliverDue(50);
        if (report.sent === 0) throw new Error(`the outbox stopped after ${sent} of ${MESSAGES} messages`);
        sent += report.sent;
      }
      const rate = MESSAGES / ((performance.now() - started) / 1000);
      console.log(`  through the outbox, ${kind.padEnd(10)} ${rate.toFixed(0)}/s (${(rate / bareRate).toFixed(2)}x of posting alone)`);
    } finally {
      await db.close();
      await database.drop();
    }
  }
}
