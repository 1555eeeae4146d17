import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NO_TEST_CODE = { group: ['**/emulators/**', '**/test/**'], message: 'src/ must not import emulators or tests.' };
const NO_BOLT_INTERNALS = { group: ['@slack/bolt/dist/*', '@slack/bolt/dist/**'], message: "Bolt's private paths change without notice: use its public exports or a type of our own." };

// Scripts that run in the browser.
const BROWSER_SCRIPTS = ['src/web/assets/**/*.js', 'emulators/slack/public/**/*.js'];

export default tseslint.config(
  { ignores: ['node_modules/', 'src/db/generated/', 'data/', 'results/', 'coverage/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Everything but the browser scripts runs on Node.
    ignores: BROWSER_SCRIPTS,
    languageOptions: { globals: globals.node },
  },
  {
    files: BROWSER_SCRIPTS,
    languageOptions: { globals: globals.browser },
  },
  {
    // The hosted page loads its script as a classic script; the Slack console's is a module
    // (`<script type="module">` in emulators/slack/public/index.html), the default.
    files: ['src/web/assets/**/*.js'],
    languageOptions: { sourceType: 'script' },
  },
  {
    // Production code never depends on the emulators or tests, nor on Bolt's private paths.
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_TEST_CODE, NO_BOLT_INTERNALS] }] },
  },
  {
    // The core holds the rules: it speaks no Slack, HTTP, SQL or Scalekit SDK, and knows no edge,
    // adapter or environment variable. Ports in src/core/ports.ts are how it reaches the world.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_TEST_CODE,
            NO_BOLT_INTERNALS,
            {
              group: ['**/slack/**', '**/db/**', '**/web/**', '**/scalekit/**', '**/cli/**', '**/metrics/**', '**/config.js', '**/app.js', '**/logger.js'],
              message: 'src/core imports no edge, adapter or configuration: add a port in src/core/ports.ts.',
            },
            {
              group: ['@slack/*', '@prisma/*', '@scalekit-sdk/*', 'node:http', 'node:http2', 'node:https', 'http', 'https', 'pino', 'prom-client'],
              message: 'src/core speaks no Slack, SQL, Scalekit or HTTP, and keeps no metrics: that belongs to an adapter or an edge.',
            },
          ],
        },
      ],
    },
  },
);
