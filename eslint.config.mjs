import uiExtension from '@stripe/ui-extension-tools/eslint.config.ui-extension.mjs';

export default [
  {ignores: ['node_modules/', '.build/', '.local-data/', 'coverage/', '.tmp/']},
  ...uiExtension,
  {settings: {react: {version: '18.3'}}},
  {
    // The views run in Stripe's sandbox: they reach the Secret Store only through src/secrets,
    // and never import the local development servers.
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {group: ['**/local/**', '../../local/*'], message: 'src/ must not import the local Dashboard.'},
          ],
        },
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['src/views/**/*.{ts,tsx}', 'src/components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{name: 'stripe', message: 'Views reach Stripe only through src/secrets.'}],
          patterns: [{group: ['**/local/**'], message: 'src/ must not import the local Dashboard.'}],
        },
      ],
      'no-restricted-globals': ['error', {name: 'fetch', message: 'Views call third parties through src/oauth or src/secrets.'}],
    },
  },
  {
    // Node-side code: the local Dashboard, its servers and the tests may use the DOM-free Node APIs.
    files: ['local/**/*.{ts,tsx,mjs}', 'ui-tests/**/*.{ts,tsx,mjs}', 'scripts/**/*.{ts,tsx,mjs}', '*.mjs'],
    languageOptions: {
      globals: {process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly'},
    },
    rules: {
      'no-restricted-syntax': 'off',
    },
  },
];
