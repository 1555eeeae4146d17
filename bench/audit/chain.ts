// The audit chain over the seeded trail, entry by entry as the bot's sealer appends it (links,
// then events, batch by batch), so that `verify` has a million-link chain to walk.
import { appendTo, GENESIS, type ChainHead, type Recorded } from '../../src/core/audit/chain.js';
import type { Value } from './trail.js';

const text = (value: Value | undefined) => (value === null || value === undefined ? null : String(value));
const date = (value: Value | undefined) => (value instanceof Date ? value : null);

export class SeededChain {
  head: ChainHead = { seq: 0, hash: GENESIS };

  /** The AuditEntry rows of a batch's links and events (rows in TABLES.Link and TABLES.LinkEvent column order). */
  seal(links: Value[][], events: Value[][]): Value[][] {
    const items: Recorded[] = [
      ...links.map(([id, kind, outcome, failureReason, teamId, channelId, issuerId, issuerName, orgQuery, orgId, orgName, tokenHash, scalekitLinkId, idp, note, scope, , createdAt, , , , issuedExpiresAt]) => ({
        kind: 'link' as const,
        row: {
          id: String(id), kind: String(kind), outcome: String(outcome), failureReason: text(failureReason), teamId: String(teamId), channelId: text(channelId),
          issuerId: String(issuerId), issuerName: String(issuerName), orgQuery: String(orgQuery), orgId: text(orgId), orgName: text(orgName), tokenHash: text(tokenHash),
          scalekitLinkId: text(scalekitLinkId), idp: text(idp), note: text(note), scope: String(scope), issuedExpiresAt: date(issuedExpiresAt), createdAt: date(createdAt) as Date,
        },
      })),
      ...events.map(([id, linkId, type, detail, actor, createdAt]) => ({
        kind: 'event' as const,
        row: { id: Number(id), linkId: String(linkId), type: String(type), detail: text(detail), actor: text(actor), createdAt: date(createdAt) as Date },
      })),
    ];
    const { entries, head } = appendTo(this.head, items);
    this.head = head;
    return entries.map((e) => [e.seq, e.kind, e.linkId, e.eventId, e.contentHash, e.hash]);
  }
}
