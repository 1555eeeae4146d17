import { beforeEach, describe, expect, it } from 'vitest';
import type { BoardRow } from '../../../src/core/board/board.js';
import { STATUS_MAX_AGE_MS } from '../../../src/core/board/scalekit-facts.js';
import { fit, type Board } from '../../../src/core/board/service.js';
import type { LinkRequestInput } from '../../../src/core/links/options.js';
import type { OrgIntegration } from '../../../src/core/ports.js';
import { newLink } from '../../helpers/fixtures.js';
import { BOARD_WINDOW_MS, DAY, issuerOf, linkRequest, mapAlias, ORGS, tokenOf, useCases, USERS, type UseCases } from '../../helpers/use-cases.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const okta: OrgIntegration = { id: 'conn_1', provider: 'OKTA', type: 'SAML', status: 'COMPLETED', enabled: true };
let cases: UseCases;

beforeEach(async () => {
  cases = useCases();
  for (const [alias, org] of [['acme', ORGS.acme], ['globex', ORGS.globex], ['initech', ORGS.initech]] as const) await mapAlias(cases, alias, org);
});

/** `userId` sends `customer` a link through the issuing use case; answers its token (hosted links). */
async function send(userId: string, customer: string, input: Partial<LinkRequestInput> = {}): Promise<string> {
  const { url } = await cases.issuer.issue(issuerOf(userId), linkRequest({ customer, ...input }));
  return tokenOf(url);
}
const boards = (userId: string, filter = {}) => cases.board.forUser(userId, filter);
const customers = (board: Board | null | undefined) => board?.rows.map((row) => row.customer);
const windowStart = () => new Date(cases.clock.now().getTime() - BOARD_WINDOW_MS);

describe('whose customers the Home tab shows', () => {
  beforeEach(async () => {
    await send(USERS.csm.id, 'acme');
    cases.clock.advance(MINUTE);
    await send(USERS.admin.id, 'globex');
    cases.clock.advance(MINUTE);
    await send(USERS.groupCsm.id, 'initech');
  });

  it('shows a CSM the customers they sent links to, and no team board', async () => {
    const carl = await boards(USERS.csm.id);
    expect(customers(carl.mine)).toEqual([ORGS.acme.displayName]);
    expect(carl.mine?.rows[0]).toMatchObject({ orgId: ORGS.acme.id, issuerId: USERS.csm.id, stage: 'sent' });
    expect(carl).toMatchObject({ team: null, since: windowStart() });
    // A member of a CSM user group sends links as well.
    expect(customers((await boards(USERS.groupCsm.id)).mine)).toEqual([ORGS.initech.displayName]);
  });

  it("counts a part set up through a colleague's link to the same customer", async () => {
    const colleagues = await send(USERS.groupCsm.id, 'acme', { scope: 'sso' });
    await cases.page.session(colleagues, true);
    await cases.page.report(colleagues, 'ORGANIZATION_SSO_ENABLED');
    const carl = (await boards(USERS.csm.id)).mine?.rows[0];
    // Carl's link offers both parts: SSO is on through Gina's, the directory still to do.
    expect(carl).toMatchObject({ customer: ORGS.acme.displayName, issuerId: USERS.csm.id, stage: 'sso', finished: false });
  });

  it('shows no board to someone who may not send links', async () => {
    expect(await boards(USERS.stranger.id)).toEqual({ mine: null, team: null, since: windowStart() });
  });

  it('shows an admin their own customers and the whole team\'s, longest waiting first', async () => {
    const ada = await boards(USERS.admin.id);
    expect(customers(ada.mine)).toEqual([ORGS.globex.displayName]);
    expect(customers(ada.team)).toEqual([ORGS.acme.displayName, ORGS.globex.displayName, ORGS.initech.displayName]);
    expect(ada.team?.filter).toEqual({});
    expect(ada.team?.rows.map((row) => row.issuerId)).toEqual([USERS.csm.id, USERS.admin.id, USERS.groupCsm.id]);
  });
});

describe('a customer several people sent links to', () => {
  it("shows each sender their own link on their own board, and a CSM's on the team board narrowed to them, though a colleague's is newer", async () => {
    const adas = await send(USERS.admin.id, 'acme');
    await cases.page.session(adas, true);
    cases.clock.advance(HOUR);
    await send(USERS.groupCsm.id, 'acme');
    cases.clock.advance(HOUR);
    await send(USERS.csm.id, 'acme');
    const ada = await boards(USERS.admin.id);
    expect(ada.mine?.rows).toMatchObject([{ customer: ORGS.acme.displayName, issuerId: USERS.admin.id, stage: 'portal' }]);
    // The whole team's board shows the newest link; narrowed to Gina, hers.
    expect(ada.team?.rows).toMatchObject([{ issuerId: USERS.csm.id, stage: 'sent' }]);
    expect((await boards(USERS.admin.id, { issuerId: USERS.groupCsm.id })).team?.rows).toMatchObject([{ issuerId: USERS.groupCsm.id, stage: 'sent' }]);
    expect((await boards(USERS.groupCsm.id)).mine?.rows).toMatchObject([{ issuerId: USERS.groupCsm.id }]);
  });
});

describe('narrowing the team board', () => {
  beforeEach(async () => {
    // Acme opened the portal, Globex never opened its link, Initech set up SSO through the page.
    const acme = await send(USERS.csm.id, 'acme');
    await send(USERS.csm.id, 'globex');
    const initech = await send(USERS.groupCsm.id, 'initech', { scope: 'sso' });
    cases.clock.advance(HOUR);
    await cases.page.session(acme, true);
    await cases.page.session(initech, true);
    await cases.page.report(initech, 'ORGANIZATION_SSO_ENABLED');
    // Three days on: Acme stalled in the portal, Globex unopened.
    cases.clock.advance(3 * DAY);
  });

  it('counts every customer by stage, those needing attention and those finished', async () => {
    const { team } = await boards(USERS.admin.id);
    expect(team?.counts).toEqual({ customers: 3, stages: { sent: 1, opened: 0, portal: 1, sso: 1, directory: 0 }, attention: 2, finished: 1 });
    expect(team?.rows.map(({ customer, stage, attention, finished }) => ({ customer, stage, attention, finished }))).toEqual([
      { customer: ORGS.acme.displayName, stage: 'portal', attention: ['stalled'], finished: false },
      { customer: ORGS.globex.displayName, stage: 'sent', attention: ['unopened'], finished: false },
      { customer: ORGS.initech.displayName, stage: 'sso', attention: [], finished: true },
    ]);
  });

  it('narrows to a stage, to those needing attention or to the finished, counting before the stage', async () => {
    const narrowed = async (stage: NonNullable<Parameters<UseCases['board']['forUser']>[1]>['stage']) => {
      const { team } = await boards(USERS.admin.id, { stage });
      expect(team?.counts.customers).toBe(3);
      expect(team?.filter).toEqual({ stage });
      return customers(team);
    };
    expect(await narrowed('portal')).toEqual([ORGS.acme.displayName]);
    expect(await narrowed('sent')).toEqual([ORGS.globex.displayName]);
    expect(await narrowed('opened')).toEqual([]);
    expect(await narrowed('attention')).toEqual([ORGS.acme.displayName, ORGS.globex.displayName]);
    expect(await narrowed('finished')).toEqual([ORGS.initech.displayName]);
  });

  it('narrows to one CSM\'s customers, counted as that CSM\'s, and leaves the admin\'s own board alone', async () => {
    const carls = await boards(USERS.admin.id, { issuerId: USERS.csm.id });
    expect(customers(carls.team)).toEqual([ORGS.acme.displayName, ORGS.globex.displayName]);
    expect(carls.team?.counts).toMatchObject({ customers: 2, attention: 2, finished: 0 });
    expect(carls.mine?.rows).toEqual([]);
    const finishedOfCarl = await boards(USERS.admin.id, { issuerId: USERS.csm.id, stage: 'finished' });
    expect(finishedOfCarl.team).toMatchObject({ rows: [], counts: { customers: 2, finished: 0 }, filter: { issuerId: USERS.csm.id, stage: 'finished' } });
    expect(customers((await boards(USERS.admin.id, { issuerId: USERS.groupCsm.id, stage: 'finished' })).team)).toEqual([ORGS.initech.displayName]);
  });

  it('ignores the filter of someone who is no admin', async () => {
    expect((await boards(USERS.csm.id, { issuerId: USERS.groupCsm.id, stage: 'finished' })).team).toBeNull();
    expect(customers((await boards(USERS.csm.id, { stage: 'finished' })).mine)).toEqual([ORGS.acme.displayName, ORGS.globex.displayName]);
  });
});

describe('what the board covers', () => {
  it('looks back BOARD_WINDOW: a link sent before it is off the board', async () => {
    await send(USERS.csm.id, 'acme');
    cases.clock.advance(DAY);
    await send(USERS.csm.id, 'globex');
    cases.clock.advance(BOARD_WINDOW_MS - DAY);
    expect(customers((await boards(USERS.csm.id)).mine)).toEqual([ORGS.acme.displayName, ORGS.globex.displayName]);
    cases.clock.advance(1);
    const later = await boards(USERS.csm.id);
    expect(customers(later.mine)).toEqual([ORGS.globex.displayName]);
    expect(later.mine?.counts.customers).toBe(1);
  });

  it('moves a customer to SSO on when `status` finds it on at Scalekit, without any notice, for as long as the answer is recent', async () => {
    const token = await send(USERS.csm.id, 'acme', { scope: 'sso' });
    cases.clock.advance(HOUR);
    await cases.page.session(token, true);
    expect((await boards(USERS.csm.id)).mine?.rows[0]).toMatchObject({ stage: 'portal', finished: false });
    cases.scalekit.setConnections(ORGS.acme.id, [okta]);
    cases.clock.advance(HOUR);
    await cases.status.status(USERS.csm.id, 'acme', { teamId: 'T0TEAM', channelId: 'C0ACME' });
    const asked = cases.clock.now();
    expect((await boards(USERS.csm.id)).mine?.rows[0]).toMatchObject({ stage: 'sso', since: asked, finished: true, attention: [] });
    expect(cases.db.rows('SetupNotice')).toEqual([]);
    cases.clock.advance(STATUS_MAX_AGE_MS + 1);
    expect((await boards(USERS.csm.id)).mine?.rows[0]).toMatchObject({ stage: 'portal', finished: false });
  });

  it('takes Scalekit\'s webhooks over the page\'s report: SSO turned off since is not done', async () => {
    const token = await send(USERS.csm.id, 'acme', { scope: 'sso' });
    await cases.page.session(token, true);
    await cases.page.report(token, 'ORGANIZATION_SSO_ENABLED');
    expect((await boards(USERS.csm.id)).mine?.rows[0]).toMatchObject({ stage: 'sso', finished: true });
    cases.clock.advance(HOUR);
    await cases.db.orgEvents.record({ id: 'evt_off', orgId: ORGS.acme.id, type: 'organization.sso_disabled', occurredAt: cases.clock.now() });
    expect((await boards(USERS.csm.id)).mine?.rows[0]).toMatchObject({ stage: 'portal', finished: false });
  });
});

describe('fitting the board into the room the Home tab has', () => {
  /** Carl's customers: `finished` set up SSO a minute apart, then `open` sent links a minute apart, the first `neglected` of them four days ago. */
  async function carlsBoard({ finished, open, neglected = 0 }: { finished: number; open: number; neglected?: number }): Promise<BoardRow[]> {
    const start = cases.clock.now();
    const link = (id: string, createdAt: Date) =>
      cases.db.links.create(newLink({ id, orgId: `org_${id}`, orgName: id, orgQuery: id, issuerId: USERS.csm.id, scope: 'sso', createdAt, expiresAt: new Date(createdAt.getTime() + 7 * DAY) }));
    for (let i = 0; i < finished; i++) {
      await link(`done-${i}`, start);
      await cases.db.links.claimSetupNotice({ linkId: `done-${i}`, part: 'sso', actor: 'page', messages: [] });
      cases.clock.advance(MINUTE);
    }
    for (let i = 0; i < open; i++) await link(`open-${i}`, new Date(start.getTime() + i * MINUTE - (i < neglected ? 4 * DAY : 0)));
    cases.clock.advance(HOUR);
    const rows = (await boards(USERS.csm.id)).mine?.rows ?? [];
    expect(rows).toHaveLength(finished + open);
    return rows;
  }
  const names = (rows: BoardRow[]) => rows.map((row) => row.customer);
  const range = (prefix: string, from: number, to: number) => Array.from({ length: Math.abs(to - from) + 1 }, (_, i) => `${prefix}-${from < to ? from + i : from - i}`);

  it('keeps every row when they fit', async () => {
    const rows = await carlsBoard({ finished: 5, open: 5 });
    expect(fit(rows, 10)).toEqual({ shown: rows, hiddenFinished: 0, hiddenOthers: 0 });
  });

  it('lets the oldest finished customers give way first', async () => {
    const rows = await carlsBoard({ finished: 240, open: 60 });
    const { shown, hiddenFinished, hiddenOthers } = fit(rows, 90);
    expect(shown).toHaveLength(90);
    expect(names(shown)).toEqual([...range('open', 0, 59), ...range('done', 239, 210)]);
    expect([hiddenFinished, hiddenOthers]).toEqual([210, 0]);
  });

  it('then the least urgent of the rest: every finished one, then those in progress sent last', async () => {
    const rows = await carlsBoard({ finished: 180, open: 120, neglected: 20 });
    const { shown, hiddenFinished, hiddenOthers } = fit(rows, 90);
    expect(names(shown)).toEqual([...range('open', 0, 19), ...range('open', 20, 89)]);
    expect(shown.slice(0, 20).every((row) => row.attention.includes('unopened'))).toBe(true);
    expect([hiddenFinished, hiddenOthers]).toEqual([180, 30]);
    // In the board's own order.
    expect(shown).toEqual(rows.slice(0, 90));
  });
});
