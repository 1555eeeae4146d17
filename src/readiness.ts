// Whether the bot can do its work now (GET /readyz): each check proves one thing the work needs.
// Probes come often and from several load balancers: one check serves every probe for a second,
// and probes that arrive while it runs share it.
import type { Logger } from 'pino';

/** Resolves when what it checks is fine; rejects, saying why, when not. */
export type ReadinessCheck = () => Promise<void>;

export interface ReadinessReport {
  status: 'ready' | 'not ready' | 'shutting down';
  /** Each check's result ('ok' or 'failed'); the reasons go to the log, not to whoever probes. */
  checks: Record<string, 'ok' | 'failed'>;
}

/** How old a result may be when it is served. */
const MAX_AGE_MS = 1_000;
/** A check that takes longer than this counts as failed (a database that does not answer). */
const CHECK_TIMEOUT_MS = 2_000;

export class Readiness {
  private last: { startedAt: number; settled: boolean; report: Promise<ReadinessReport> } | undefined;
  private stopped = false;
  private markStopped: () => void = () => undefined;
  /** Resolves when a shutdown begins: every probe, even one waiting on a check, answers then. */
  private readonly stopping = new Promise<ReadinessReport>((resolve) => (this.markStopped = () => resolve({ status: 'shutting down', checks: {} })));
  /** The checks failing at the last look, so that a failure is logged when it starts, not on every probe. */
  private failing = new Set<string>();

  constructor(
    private readonly checks: Record<string, ReadinessCheck>,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** From now on not ready, probes waiting on a check included: a shutdown began. */
  shuttingDown(): void {
    this.stopped = true;
    this.markStopped();
  }

  report(): Promise<ReadinessReport> {
    if (this.stopped) return this.stopping;
    const now = this.now();
    let last = this.last;
    if (!last || (last.settled && now - last.startedAt > MAX_AGE_MS)) {
      const fresh = { startedAt: now, settled: false, report: this.run() };
      void fresh.report.finally(() => (fresh.settled = true));
      this.last = last = fresh;
    }
    return Promise.race([last.report, this.stopping]);
  }

  private async run(): Promise<ReadinessReport> {
    const names = Object.keys(this.checks);
    const outcomes = await Promise.allSettled(names.map((name) => withinTimeout((this.checks[name] as ReadinessCheck)())));
    const checks: ReadinessReport['checks'] = {};
    const failing = new Set<string>();
    outcomes.forEach((outcome, i) => {
      const name = names[i] as string;
      checks[name] = outcome.status === 'fulfilled' ? 'ok' : 'failed';
      if (outcome.status === 'fulfilled') return;
      failing.add(name);
      if (!this.failing.has(name)) this.logger.warn({ check: name, err: outcome.reason }, 'not ready: a readiness check fails');
    });
    for (const name of this.failing) if (!failing.has(name)) this.logger.info({ check: name }, 'a readiness check passes again');
    this.failing = failing;
    return { status: failing.size ? 'not ready' : 'ready', checks };
  }
}

function withinTimeout(check: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS)));
  return Promise.race([check, late]).finally(() => clearTimeout(timer));
}
