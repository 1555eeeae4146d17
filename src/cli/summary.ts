// `summary`: links counted per organization, issuer, outcome and state (core/audit/tally.ts), as rows.
import { LinkTally } from '../core/audit/tally.js';
import type { Row } from '../core/audit/rows.js';
import type { LinkState, LinkSummary } from '../core/links/link.js';

export async function* summaryRows(pages: AsyncIterable<Array<{ link: LinkSummary; state: LinkState }>>): AsyncGenerator<Row[]> {
  const tally = new LinkTally();
  for await (const page of pages) tally.add(page);
  const labels = {
    org: [...tally.byOrg.values()].map((org): [string, number] => [org.id ? `${org.id} (${org.name ?? org.id})` : '(no organization)', org.links]),
    issuer: [...tally.byIssuer.values()].map((issuer): [string, number] => [`${issuer.id} (${issuer.name})`, issuer.links]),
    outcome: (['issued', 'failed'] as const).map((outcome): [string, number] => [outcome, tally.all[outcome]]).filter(([, links]) => links > 0),
    state: [...tally.byState],
  };
  const rows: Row[] = [{ by: 'all', value: 'links', links: tally.all.links }];
  for (const [by, counted] of Object.entries(labels)) {
    // Largest first, then by name, so that the same trail always reads the same.
    const sorted = counted.sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
    rows.push(...sorted.map(([value, links]) => ({ by, value, links })));
  }
  yield rows;
}
