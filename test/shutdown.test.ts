// SIGTERM in the middle of a burst of commands, as a deploy or a scale-down sends it: the bot as
// its own process on PostgreSQL (as replicas run), then started again on the same database.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendSlashCommand } from '../emulators/slack/index.js';
import { emptyFolder, runningPort, startBotProcess, type BotProcess } from './helpers/bot-process.js';
import { commandAt, findLink, findLinkId, messageText, ORGS, readyz, SIGNING_SECRET, startFakes, TEAM_ID, USERS, type Fakes } from './helpers/bot.js';
import { createPostgresDatabase, rawQuery, type TestDatabase } from './helpers/database.js';
import { trackChildren, waitForExit } from './helpers/processes.js';

const track = trackChildren();

const COMMANDS = 100;
/** Commands acknowledged before SIGTERM is sent: the rest of the burst meets the shutdown. */
const ACKED_BEFORE_SIGTERM = 40;
/** Every fifth command asks for a direct link, which waits on Scalekit longer than the grace (3s). */
const isDirect = (i: number) => i % 5 === 0;
const SCALEKIT_DELAY_MS = 8_000;

interface Sent {
  note: string;
  direct: boolean;
  responseId: string;
  /** The HTTP status of the command, or why it got none (the bot had stopped listening). */
  status: number | 'refused';
}

interface LinkRow {
  id: string;
  outcome: string;
  note: string | null;
  failureReason: string | null;
}

describe('shutting down during a burst of commands', () => {
  const folder = emptyFolder();
  let fakes: Fakes;
  let database: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    [fakes, database] = await Promise.all([startFakes(), createPostgresDatabase()]);
    env = { ...fakes.env(database.url), SHUTDOWN_GRACE: '3s', REMINDERS: 'off' };
  }, 30_000);

  afterAll(async () => {
    await fakes?.close();
    await database?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  async function start(): Promise<{ child: BotProcess; url: string; lines: string[] }> {
    const lines: string[] = [];
    const child = track(startBotProcess(env, folder));
    return { child, url: `http://127.0.0.1:${await runningPort(child, lines)}`, lines };
  }

  it('answers every acknowledged command or records it failed, exits 0, and the next start serves every link it showed', async () => {
    const first = await start();
    expect((await commandAt(fakes.slack, first.url, `map acme ${ORGS.acme.id}`, { userId: USERS.admin.id })).all).toContain(':white_check_mark:');
    fakes.scalekit.setDelay(SCALEKIT_DELAY_MS);

    let acked = 0;
    let sigtermSent = false;
    let readinessWhileStopping: Promise<unknown> | undefined;
    const send = async (i: number): Promise<Sent> => {
      const note = `burst-${i}`;
      const responseUrl = fakes.slack.responseUrl();
      const sent = { note, direct: isDirect(i), responseId: responseUrl.split('/').pop() as string };
      const text = `acme${isDirect(i) ? ' --direct' : ''} --note "${note}"`;
      try {
        const { status } = await sendSlashCommand({ appUrl: first.url, signingSecret: SIGNING_SECRET, text, userId: USERS.csm.id, teamId: TEAM_ID, channelId: 'C0GENERAL', responseUrl });
        if (status === 200 && ++acked === ACKED_BEFORE_SIGTERM) {
          sigtermSent = true;
          first.child.kill('SIGTERM');
          // Not ready at once, while the work under way finishes.
          readinessWhileStopping = expect.poll(() => readyz(first.url), { timeout: 10_000, interval: 20 }).toEqual({ status: 503, body: { status: 'shutting down', checks: {} } });
        }
        return { ...sent, status };
      } catch {
        return { ...sent, status: 'refused' };
      }
    };
    const sent = await Promise.all(Array.from({ length: COMMANDS }, (_, i) => send(i)));
    expect(sigtermSent).toBe(true);
    await readinessWhileStopping;
    expect(await waitForExit(first.child, { what: 'the bot after SIGTERM', timeoutMs: 20_000, lines: first.lines })).toBe(0);
    fakes.scalekit.setDelay(0);

    const rows = await rawQuery<LinkRow>(database, 'SELECT "id", "outcome", "note", "failureReason" FROM "Link"');
    const replyTo = (command: Sent) => fakes.slack.responses.find((response) => response.id === command.responseId);
    const ackedCommands = sent.filter((command) => command.status === 200);
    expect(ackedCommands.length).toBeGreaterThanOrEqual(ACKED_BEFORE_SIGTERM);
    // The rest were refused: 503 while the bot drained, no connection once it had closed.
    for (const command of sent) if (command.status !== 200) expect([503, 'refused']).toContain(command.status);

    // Every acknowledged command got its reply, or left a failed row (a direct link cut off at the grace has both).
    for (const command of ackedCommands) {
      const failed = rows.find((row) => row.note === command.note && row.outcome === 'failed');
      expect(replyTo(command) ?? failed, `command ${command.note}`).toBeDefined();
    }
    // The direct links waited on Scalekit past the grace: each is recorded as cut off by the shutdown, and its sender told.
    const cutOff = ackedCommands.filter((command) => command.direct);
    expect(cutOff.length).toBeGreaterThan(0);
    for (const command of cutOff) {
      expect(rows.find((row) => row.note === command.note)).toMatchObject({ outcome: 'failed', failureReason: 'the bot shut down before this finished' });
      const reply = replyTo(command);
      if (reply) expect(messageText(reply.body as { text?: string })).toContain('no link was issued');
    }

    // No link was shown without its record.
    const shown = ackedCommands.flatMap((command) => {
      const reply = replyTo(command);
      const text = reply ? messageText(reply.body as { text?: string; blocks?: unknown[] }) : '';
      const id = findLinkId(text);
      return id ? [{ id, link: findLink(text), command }] : [];
    });
    expect(shown.length).toBeGreaterThan(0);
    for (const { id, command } of shown) expect(rows.find((row) => row.id === id), `link ${id}`).toMatchObject({ outcome: 'issued', note: command.note });

    // Every link shown is served after a restart on the same database.
    const second = await start();
    try {
      for (const { link } of shown) {
        expect(link).toBeDefined();
        expect((await fetch(`${second.url}${link?.path}`)).status, `GET ${link?.path}`).toBe(200);
      }
    } finally {
      second.child.kill('SIGTERM');
      expect(await waitForExit(second.child, { what: 'the restarted bot', timeoutMs: 20_000, lines: second.lines })).toBe(0);
    }
  }, 90_000);
});
