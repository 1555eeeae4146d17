import type { AccessPolicy } from '../access.js';
import type { Database, PartsDone } from '../ports.js';
import { boardRows, STAGES, type BoardLink, type BoardRow, type BoardRules, type Stage } from './board.js';
import { partFacts, type RecentStatus } from './scalekit-facts.js';

/** What the team board can be narrowed to: a stage, or the customers that need attention, or the finished ones. */
export type StageFilter = Stage | 'attention' | 'finished';

/** An admin's choice of what the team board shows; everything when empty. */
export interface TeamFilter {
  issuerId?: string;
  stage?: StageFilter;
}

export interface BoardCounts {
  customers: number;
  stages: Record<Stage, number>;
  attention: number;
  finished: number;
}

export interface Board {
  rows: BoardRow[];
  /** Of every customer before the stage filter. */
  counts: BoardCounts;
}

export interface HomeBoards {
  /** The customers this person sent links to; null when they may not send links. */
  mine: Board | null;
  /** Admins: the whole team's customers, as the filter narrows them; null for everyone else. */
  team: (Board & { filter: TeamFilter }) | null;
  /** The board covers links sent from this moment on (BOARD_WINDOW ago). */
  since: Date;
}

export interface OnboardingBoardOptions extends BoardRules {
  db: Database;
  access: AccessPolicy;
  recentStatus: RecentStatus;
  /** How far back the board looks (BOARD_WINDOW). */
  windowMs: number;
  now: () => Date;
}

/** The Home tab's boards: every customer's setup at a glance, built from what the bot recorded and what Scalekit said, never waiting on Scalekit. */
export class OnboardingBoard {
  constructor(private readonly options: OnboardingBoardOptions) {}

  async forUser(userId: string, filter: TeamFilter = {}): Promise<HomeBoards> {
    const { db, access, windowMs } = this.options;
    const now = this.options.now();
    const since = new Date(now.getTime() - windowMs);
    const [canIssue, isAdmin] = await Promise.all([access.canIssue(userId), access.isAdmin(userId)]);
    if (!canIssue) return { mine: null, team: null, since };
    // Each board reads its own links: the database picks those a customer's state is told from
    // within the links it is asked about, so a subset of another board's would miss some.
    const [own, everyone] = await Promise.all([
      db.links.forBoard({ since, issuerId: userId }),
      isAdmin ? db.links.forBoard({ since, issuerId: filter.issuerId }) : Promise.resolve([]),
    ]);
    const orgIds = [...new Set([...own, ...everyone].flatMap(({ link }) => (link.orgId ? [link.orgId] : [])))];
    // A customer may have finished through a colleague's link (or one older than the window).
    const [events, noticed] = orgIds.length ? await Promise.all([db.orgEvents.forOrgs(orgIds), db.reminders.partsDoneByOrg(orgIds)]) : [[], new Map<string, PartsDone>()];
    const facts = partFacts(orgIds, events, this.options.recentStatus);
    const build = (links: readonly BoardLink[]) => summed(boardRows(links, facts, this.options, now, noticed));
    const mine = build(own);
    if (!isAdmin) return { mine, team: null, since };
    const team = build(everyone);
    return { mine, team: { rows: team.rows.filter((row) => matches(row, filter.stage)), counts: team.counts, filter }, since };
  }
}

function summed(rows: BoardRow[]): Board {
  const stages = Object.fromEntries(STAGES.map((stage) => [stage, rows.filter((row) => row.stage === stage).length])) as Record<Stage, number>;
  return {
    rows,
    counts: { customers: rows.length, stages, attention: rows.filter((row) => row.attention.length).length, finished: rows.filter((row) => row.finished).length },
  };
}

function matches(row: BoardRow, stage: StageFilter | undefined): boolean {
  if (stage === undefined) return true;
  if (stage === 'attention') return row.attention.length > 0;
  if (stage === 'finished') return row.finished;
  return row.stage === stage;
}

/** The rows that fit in `room`: the oldest finished customers give way first, then the least urgent of the rest. */
export function fit(rows: readonly BoardRow[], room: number): { shown: BoardRow[]; hiddenFinished: number; hiddenOthers: number } {
  if (rows.length <= room) return { shown: [...rows], hiddenFinished: 0, hiddenOthers: 0 };
  const open = rows.filter((row) => !row.finished);
  const finished = rows.filter((row) => row.finished);
  const shownOpen = open.slice(0, room);
  // Finished rows are ordered newest first: the oldest are at the end.
  const shownFinished = finished.slice(0, Math.max(0, room - shownOpen.length));
  const kept = new Set([...shownOpen, ...shownFinished]);
  return { shown: rows.filter((row) => kept.has(row)), hiddenFinished: finished.length - shownFinished.length, hiddenOthers: open.length - shownOpen.length };
}
