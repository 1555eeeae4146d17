// The audit trail read page by page (keyset pagination): a page is handed on before the next is
// read, so an export of any size holds one page at a time.
import { linkState } from '../links/state.js';
import type { LinkEvent, LinkState, LinkSummary } from '../links/link.js';
import type { LinkFilter, LinkRepository, TimeRange } from '../ports.js';

/** Rows per query: few enough to hold, many enough that a large export takes few queries. */
export const PAGE_SIZE = 1_000;

export interface LinkQuery {
  filter: LinkFilter & TimeRange;
  /** Only links in this state now (the one rule of core/links/state.ts). */
  state?: LinkState;
  limit?: number;
  now: Date;
  /** The bot's LINK_MAX_SESSIONS: without it no link is ever exhausted. */
  maxSessionsPerLink?: number;
}

/** Links newest first, with their state now, one page at a time. */
export async function* linkPages(links: LinkRepository, query: LinkQuery, pageSize = PAGE_SIZE): AsyncGenerator<Array<{ link: LinkSummary; state: LinkState }>> {
  let remaining = query.limit ?? Infinity;
  let before: { createdAt: Date; id: string } | undefined;
  while (remaining > 0) {
    // Without a state to sift by, a page need hold no more than is still wanted.
    const size = query.state ? pageSize : Math.min(pageSize, remaining);
    const page = await links.recent({ ...query.filter, before, limit: size });
    const matching = page
      .map((link) => ({ link, state: linkState(link, query.now, link.sessions, query.maxSessionsPerLink) }))
      .filter(({ state }) => !query.state || state === query.state)
      .slice(0, remaining);
    remaining -= matching.length;
    if (matching.length) yield matching;
    const last = page.at(-1);
    if (!last || page.length < size) return;
    before = { createdAt: last.createdAt, id: last.id };
  }
}

export interface EventQuery extends TimeRange {
  links?: LinkFilter;
  linkId?: string;
  type?: string;
  limit?: number;
}

/** Events oldest first, one page at a time. */
export async function* eventPages(links: LinkRepository, query: EventQuery, pageSize = PAGE_SIZE): AsyncGenerator<LinkEvent[]> {
  let remaining = query.limit ?? Infinity;
  let after: { createdAt: Date; id: number } | undefined;
  while (remaining > 0) {
    const size = Math.min(pageSize, remaining);
    const page = await links.eventLog({ ...query, after, limit: size });
    remaining -= page.length;
    if (page.length) yield page;
    const last = page.at(-1);
    if (!last || page.length < size) return;
    after = { createdAt: last.createdAt, id: last.id };
  }
}
