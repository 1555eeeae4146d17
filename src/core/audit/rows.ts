// The audit trail's rows as every export writes them (the CLI's formats, the CSV file Slack
// uploads): one home for the columns and their order.
import type { LinkEvent, LinkState, LinkSummary } from '../links/link.js';

export type Row = Record<string, string | number | null>;

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function linkRow(link: LinkSummary, state: LinkState): Row {
  const issued = link.outcome === 'issued' ? link : null;
  return {
    id: link.id,
    createdAt: iso(link.createdAt),
    outcome: link.outcome,
    state,
    failureReason: link.outcome === 'failed' ? link.failureReason : null,
    kind: link.kind,
    scope: link.scope,
    orgId: link.orgId,
    orgName: link.orgName,
    orgQuery: link.orgQuery,
    issuerId: link.issuerId,
    issuerName: link.issuerName,
    teamId: link.teamId,
    channelId: link.channelId,
    expiresAt: iso(issued?.expiresAt ?? null),
    revokedAt: iso(issued?.revokedAt ?? null),
    revokedBy: issued?.revokedBy ?? null,
    replacedBy: issued?.replacedBy ?? null,
    views: link.views,
    sessions: link.sessions,
    reportedEvents: link.reportedEvents.join(' '),
    note: link.note,
  };
}

/** An event as a row; `withLink` names its link, when the listing spans links. */
export function eventRow(event: LinkEvent, withLink: boolean): Row {
  return { at: iso(event.createdAt), ...(withLink ? { linkId: event.linkId } : {}), type: event.type, detail: event.detail, actor: event.actor };
}
