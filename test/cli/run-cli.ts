// The audit-log command as a test runs it: at a fixed moment, its output collected.
import { runCli as run } from '../../src/cli/main.js';

/** When the tests' commands run: durations such as `--since 30d` count back from it. */
const NOW = new Date('2026-11-25T00:00:00Z');

export async function runCli(argv: string[], env: NodeJS.ProcessEnv): Promise<string> {
  let output = '';
  await run(argv, env, async (chunk) => {
    output += chunk;
  }, { now: NOW });
  return output;
}
