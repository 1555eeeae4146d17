// The hosted page's rate limits counted in PostgreSQL, so that replicas on one database spend
// the same budgets (see src/web/rate-limits.ts for the budgets themselves).
import { RateLimiterMemory, RateLimiterPostgres, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { PostgresPool } from './client.js';

/** The table the migrations create (model RateLimit); one for every budget, keyed `<name>:<key>`. */
const TABLE = 'RateLimit';

/**
 * Makes the limiter of each named budget on the database's pool and schema: N replicas together
 * allow what one allows. The first limiter it makes also removes the expired rows of all.
 */
export function postgresLimiters(postgres: PostgresPool): (name: string, budget: { points: number; duration: number }) => RateLimiterAbstract {
  let made = 0;
  return (name, { points, duration }) => {
    const budget = { points, duration, keyPrefix: name };
    return new RateLimiterPostgres({
      ...budget,
      storeClient: postgres.pool,
      storeType: 'pool',
      tableName: TABLE,
      schemaName: postgres.schema,
      // A migration made the table: creating it here, as every replica starts, would race.
      tableCreated: true,
      // The budgets share one table: one limiter clearing it is enough.
      clearExpiredByTimeout: made++ === 0,
      // The in-memory first line: once the database says a key has spent its budget, this
      // replica refuses it from memory until the database's window ends, so a flood on
      // that key stops here. It never refuses a key the database has not counted as over.
      inMemoryBlockOnConsumed: points,
      // With the database unreachable each replica limits alone, in memory: N replicas then
      // allow N times the budget, and the hosted page keeps working rather than failing
      // because a counter cannot be written.
      insuranceLimiter: new RateLimiterMemory(budget),
    });
  };
}
