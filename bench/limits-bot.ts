// The bot for the session benchmark's limiter comparison, in its own process: as `npm start`
// runs it, except that with BENCH_LIMITS=memory its hosted page keeps its rate limits in memory
// even on PostgreSQL, to weigh the shared limits against.
import { startBot } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { RateLimits } from '../src/web/rate-limits.js';

const config = loadConfig();
const bot = await startBot(config, createLogger(config.logLevel), process.env.BENCH_LIMITS === 'memory' ? { limits: new RateLimits() } : {});
process.once('SIGTERM', () => void bot.stop().then(() => process.exit(0)));
