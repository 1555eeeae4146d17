import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Test files in one worker share its loaded modules instead of loading the bot again for each
    // file (that import was a quarter of the run). So no test mocks a module or leaves global
    // state behind: spies go on the instances a test made, and every bot, database and emulator
    // is started and stopped by the file that uses it.
    isolate: false,
  },
});
