import type { KnownBlock, WebClient } from '@slack/web-api';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { HomeBoards, OnboardingBoard, TeamFilter } from '../core/board/service.js';
import { homeUnavailableView, homeView } from './blocks/home.js';

/** Changes that arrive together (a burst of page views, a sweep's reminders) republish once. */
const SETTLE_MS = 250;
/** How long after they last looked an admin's team board follows everyone's changes. */
const TEAM_VIEWER_MS = 60 * 60_000;
/** An admin's team board is the costliest to build: everyone's changes republish it at most this often. */
const TEAM_SETTLE_MS = 5_000;

/**
 * Publishes each person's Home tab: when they open it, when they narrow the team board, and when
 * one of their links changes; an admin's also when anyone's link changes, for an hour after they
 * last looked at it here. An admin's filters are remembered by this process (the last few
 * thousand people), so that a change republishes what they chose; another replica republishes
 * with every CSM and stage until they choose again.
 */
export class HomeTab {
  private readonly filters = new LRUCache<string, TeamFilter>({ max: 5_000 });
  /** Admins who looked at the team board through this process lately. */
  private readonly teamViewers = new LRUCache<string, true>({ max: 1_000, ttl: TEAM_VIEWER_MS });
  private readonly waiting = new Map<string, NodeJS.Timeout>();
  /** People with a republish waiting (its timer, or its turn): one is enough. */
  private readonly queued = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  /** Each person's last publish, settled: the next waits for it. */
  private readonly turns = new Map<string, Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly board: OnboardingBoard,
    private readonly client: WebClient,
    private readonly logger: Logger,
    /** What the view shows above the boards for this person (e.g. New customer, for admins). */
    private readonly topActions: (userId: string) => Promise<KnownBlock | null>,
  ) {}

  /**
   * Builds and publishes `userId`'s view; with `filter`, the team board's new choice. One person's
   * publishes run one after another, each built when its turn comes: an older view never lands
   * after a newer one.
   */
  publish(userId: string, filter?: TeamFilter): Promise<void> {
    if (filter) this.filters.set(userId, filter);
    if (this.stopped) return Promise.resolve();
    return this.inTurn(userId, true);
  }

  private inTurn(userId: string, looked: boolean): Promise<void> {
    const turn = (this.turns.get(userId) ?? Promise.resolve()).then(() => this.build(userId, looked));
    const settled = turn.catch(() => undefined);
    this.turns.set(userId, settled);
    void settled.then(() => this.turns.get(userId) === settled && this.turns.delete(userId));
    return turn;
  }

  /** `looked`: they opened the tab or chose a filter (not a change's republish). */
  private async build(userId: string, looked: boolean): Promise<void> {
    // From here on, a further change needs a further republish.
    if (!looked) this.queued.delete(userId);
    let boards: HomeBoards;
    let actions: KnownBlock | null;
    try {
      [boards, actions] = await Promise.all([this.board.forUser(userId, this.filters.get(userId)), this.topActions(userId)]);
    } catch (error) {
      // Not silence, nor a board that looks current: say the board is not there, then fail as before.
      await this.client.views.publish({ user_id: userId, view: homeUnavailableView() }).catch(() => undefined);
      throw error;
    }
    await this.client.views.publish({ user_id: userId, view: homeView(boards, actions) });
    if (!boards.team) this.teamViewers.delete(userId);
    else if (looked) this.teamViewers.set(userId, true);
  }

  /**
   * Republishes these people's views shortly (admins looking at the team board a little later),
   * once for changes that come together: a person has at most one republish queued, whatever
   * the rate of changes. Failures are logged.
   */
  refresh(userIds: readonly string[]): void {
    for (const userId of userIds) this.queue(userId, SETTLE_MS);
    for (const userId of this.teamViewers.keys()) this.queue(userId, TEAM_SETTLE_MS);
  }

  private queue(userId: string, settleMs: number): void {
    if (this.stopped || this.queued.has(userId)) return;
    this.queued.add(userId);
    const timer = setTimeout(() => {
      this.waiting.delete(userId);
      const run = this.inTurn(userId, false)
        .catch((error: unknown) => this.logger.warn({ err: error, userId }, 'could not republish the Home tab'))
        .finally(() => this.running.delete(run));
      this.running.add(run);
    }, settleMs);
    this.waiting.set(userId, timer);
  }

  /** Drops what is waiting and lets what runs finish (every person's turns), before the database closes. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.waiting.values()) clearTimeout(timer);
    this.waiting.clear();
    await Promise.all([...this.running, ...this.turns.values()]);
  }
}
