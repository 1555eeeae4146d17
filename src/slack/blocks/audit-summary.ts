import type { KnownBlock } from '@slack/web-api';
import type { OpenedAudit } from '../../core/audit/link-audit.js';
import { largestFirst, type LinkCounts, type LinkTally } from '../../core/audit/tally.js';
import type { UploadStep } from '../file-upload.js';
import { code, context, count, escapeMrkdwn, section, slackDate, type SlackMessage } from './mrkdwn.js';

/** Customers listed by name when the audit covers them all; the file has every one. */
const TOP_CUSTOMERS = 5;

/** What became of the CSV file. */
export type AuditFile = { sent: true; filename: string } | { sent: false; step: UploadStep } | { sent: false; step: 'nothing_to_send' };

const DID_NOT_HAPPEN: Record<UploadStep, string> = {
  open_dm: 'I could not open our direct message',
  get_upload_url: 'Slack would not take a file from me',
  send_bytes: "Slack did not accept the file's contents",
  share: 'the file reached Slack but could not be shared in our direct message (Slack discards it)',
};

function counts(c: LinkCounts): string {
  return `${c.issued} issued · ${c.failed} failed · ${c.revoked} revoked · ${c.setupsFinished} with setup finished`;
}

/** Which links: the customer, the issuer, the range. */
function scope(audit: OpenedAudit): string {
  const parts = [audit.org ? `*${escapeMrkdwn(audit.org.displayName)}* (${code(audit.org.id)})` : 'every customer'];
  if (audit.issuerId) parts.push(`sent by ${code(audit.issuerId)}`);
  if (audit.since) parts.push(`from ${slackDate(audit.since)}`);
  if (audit.until) parts.push(`until ${slackDate(audit.until)}`);
  return parts.join(', ');
}

function fileLine(file: AuditFile, links: number): string {
  if (file.sent) return `:page_facing_up: ${count(links, 'link')}, one row each, are in ${code(file.filename)} in our direct message.`;
  if (file.step === 'nothing_to_send') return 'No file: no link matches.';
  return `:warning: The summary above is complete, but ${DID_NOT_HAPPEN[file.step]}, so no CSV file was sent. Please try again in a few minutes.`;
}

/** `audit`: the counts over the links it covers, per customer when it covers them all, and where the file went. */
export function auditSummary(audit: OpenedAudit, tally: LinkTally, file: AuditFile): SlackMessage {
  const { all } = tally;
  const blocks: KnownBlock[] = [section(`*Audit* of links to ${scope(audit)}\n*${count(all.links, 'link')}*: ${counts(all)}`)];
  if (!audit.org && all.links > 0) {
    const customers = largestFirst(tally.byOrg.values());
    const lines = customers.slice(0, TOP_CUSTOMERS).map((org) => `• *${escapeMrkdwn(org.name ?? org.id ?? 'no customer (failed before it was known)')}*: ${count(org.links, 'link')} · ${counts(org)}`);
    if (customers.length > TOP_CUSTOMERS) lines.push(`…and ${count(customers.length - TOP_CUSTOMERS, 'more customer')}.`);
    blocks.push(section(lines.join('\n')));
  }
  blocks.push(context(fileLine(file, all.links)));
  return { text: `Audit: ${count(all.links, 'link')}`, blocks };
}

/** The message the CSV file comes with in the direct message. */
export function auditFileComment(audit: OpenedAudit, tally: LinkTally): string {
  return `Audit of links to ${scope(audit)}: ${count(tally.all.links, 'link')}, one row each.`;
}
