// `summary`: links counted per organization, issuer, outcome and state, read page by page so
// that only the counts are held.
import type { LinkState, LinkSummary } from '../core/links/link.js';
import type { Row } from './queries.js';

export async function* summaryRows(pages: AsyncIterable<Array<{ link: LinkSummary; state: LinkState }>>): AsyncGenerator<Row[]> {
  const counts = { org: new Map<string, number>(), issuer: new Map<string, number>(), outcome: new Map<string, number>(), state: new Map<string, number>() };
  const add = (tally: Map<string, number>, key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);
  let total = 0;
  for await (const page of pages) {
    for (const { link, state } of page) {
      total += 1;
      add(counts.org, link.orgId ? `${link.orgId} (${link.orgName ?? link.orgId})` : '(no organization)');
      add(counts.issuer, `${link.issuerId} (${link.issuerName})`);
      add(counts.outcome, link.outcome);
      add(counts.state, state);
    }
  }
  const rows: Row[] = [{ by: 'all', value: 'links', links: total }];
  for (const [by, tally] of Object.entries(counts)) {
    // Largest first, then by name, so that the same trail always reads the same.
    const sorted = [...tally].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
    rows.push(...sorted.map(([value, links]) => ({ by, value, links })));
  }
  yield rows;
}
