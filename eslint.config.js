import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Scripts that run in the browser.
const BROWSER_SCRIPTS = ['src/web/assets/**/*.js', 'emulators/slack/public/**/*.js'];

export default tseslint.config(
  { ignores: ['node_modules/', 'src/db/generated/', 'data/', 'results/', 'coverage/'] },
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
    // Production code never depends on the emulators (they stand in for Slack and Scalekit).
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/emulators/**', '**/test/**'], message: 'src/ must not import emulators or tests.' }] }],
    },
  },
);
