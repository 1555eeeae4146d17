// `/sso-portal audit`: the matching links counted for the summary and written, one CSV row each,
// to a temporary file in the same pass (one page in memory at a time), then uploaded to the
// admin's direct message. The file is removed whatever happens.
import type { Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { csvChunks } from '../core/audit/csv.js';
import type { AuditRequest, OpenedAudit } from '../core/audit/link-audit.js';
import { linkRow } from '../core/audit/rows.js';
import { LinkTally } from '../core/audit/tally.js';
import { auditFileComment, auditSummary, type AuditFile } from './blocks/audit-summary.js';
import type { SlackMessage } from './blocks/mrkdwn.js';
import { sendFileToDm, UploadFailed, type FileToSend } from './file-upload.js';
import type { SlackServices } from './services.js';

export interface AuditOrder {
  userId: string;
  teamId: string;
  channelId: string | null;
  request: AuditRequest;
}

/** `sso-portal-audit-acme-20261125T0930Z.csv`: what, which customer, when. */
function fileName(audit: OpenedAudit, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 13);
  const customer = audit.org ? `-${audit.org.id.replace(/[^A-Za-z0-9_-]/g, '')}` : '';
  return `sso-portal-audit${customer}-${stamp}Z.csv`;
}

/** Counts the links into `tally` while writing them as CSV to `path`. */
async function writeCsv(audit: OpenedAudit, tally: LinkTally, path: string): Promise<void> {
  const rows = async function* () {
    for await (const page of audit.pages) {
      tally.add(page);
      yield page.map(({ link, state }) => linkRow(link, state));
    }
  };
  await pipeline(Readable.from(csvChunks(rows())), createWriteStream(path));
}

export async function exportAudit(services: SlackServices, client: WebClient, order: AuditOrder, reply: (message: SlackMessage) => Promise<unknown>, logger: Logger): Promise<void> {
  const audit = await services.audit.open(order.userId, order.request, { teamId: order.teamId, channelId: order.channelId });
  const tally = new LinkTally();
  let file: AuditFile = { sent: false, step: 'nothing_to_send' };
  const folder = await mkdtemp(join(tmpdir(), 'sso-portal-audit-'));
  try {
    const filename = fileName(audit, services.now());
    const path = join(folder, filename);
    await writeCsv(audit, tally, path);
    if (tally.all.links > 0) file = await upload(client, { userId: order.userId, path, filename, length: (await stat(path)).size, title: filename, comment: auditFileComment(audit, tally) }, logger);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  await reply(auditSummary(audit, tally, file));
}

/** The file into the admin's DM; a failed upload is told, not thrown: the summary still stands. */
async function upload(client: WebClient, file: FileToSend, logger: Logger): Promise<AuditFile> {
  try {
    await sendFileToDm(client, file);
    return { sent: true, filename: file.filename };
  } catch (error) {
    if (!(error instanceof UploadFailed)) throw error;
    logger.warn(`audit export not uploaded: ${error.message}`);
    return { sent: false, step: error.step };
  }
}
