import path from 'node:path';
import {fileURLToPath} from 'node:url';
import uiExtension from '@stripe/ui-extension-tools/eslint.config.ui-extension.mjs';
import importPlugin from 'eslint-plugin-import';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * The layers, as import zones: each `target` may not import from its `from`. Lower layers never reach up: the Secret
 * Store's transport (src/secrets) knows nothing above it, OAuth's protocol and connection (src/oauth) nothing of React
 * state or the views, the data hooks (src/data) nothing of what shows them, a component nothing of the pages that place
 * it, a page nothing of the manifest's view entry points. The app never reaches the local tooling, and the tooling
 * never reaches into the tests.
 */
const LAYERS = [
  {
    target: './src/secrets',
    from: ['./src/oauth', './src/data', './src/components', './src/pages', './src/views'],
    message: 'src/secrets is the bottom layer: it must not import OAuth, the data hooks or the views.',
  },
  {
    target: './src/oauth',
    from: ['./src/data', './src/components', './src/pages', './src/views'],
    message: 'src/oauth must not import the data hooks, the views, their pages or their components.',
  },
  {
    target: './src/data',
    from: ['./src/components', './src/pages', './src/views'],
    message: 'src/data must not import the views, their pages or their components.',
  },
  {
    target: './src/components',
    from: ['./src/pages', './src/views'],
    message: 'src/components must not import the pages or views that place them.',
  },
  {target: './src/pages', from: './src/views', message: 'src/pages must not import the view entry points.'},
  {target: './src', from: './local', message: 'src/ must not import the local Dashboard.'},
  {
    target: './local',
    from: './ui-tests',
    message: 'local/ must not import the tests; shared test helpers live beside what they drive.',
  },
  // The seam: the local Stripe takes from the app only through local/seam/app.ts (its own tests may drive the app).
  {
    target: ['./local/*.ts', './local/!(seam|test)/**/*'],
    from: './src',
    message: 'local/ takes from the app only through local/seam/app.ts.',
  },
  {target: './src', from: './backend', message: 'src/ must not import the backend.'},
  {
    target: './src/sdk',
    from: './src',
    except: ['./sdk'],
    message: 'src/sdk is the bottom layer, the SDK as the views reach it: it imports nothing else of the app.',
  },
  {
    target: './backend/src',
    from: './local',
    message: 'The backend must not import the local Dashboard (its tests and bench may start local servers).',
  },
  {
    target: './backend/**/!(app-seam).ts',
    from: './src',
    message: 'The backend reaches the app only through backend/src/app-seam.ts.',
  },
];

export default [
  {ignores: ['node_modules/', '.build/', '.local-data/', 'coverage/', '.tmp/', 'backend/node_modules/']},
  ...uiExtension,
  {settings: {react: {version: '18.3'}}},
  {
    // Imports are resolved to files, so the zones hold whatever relative path spells them.
    files: ['**/*.{ts,tsx,mjs}'],
    plugins: {import: importPlugin},
    settings: {
      'import/resolver': {node: {extensions: ['.ts', '.tsx', '.mjs', '.js', '.json']}},
      'import/parsers': {'@typescript-eslint/parser': ['.ts', '.tsx']},
      'import/extensions': ['.ts', '.tsx', '.mjs', '.js'],
      // Packages are not parsed: a cycle can only run through our own files, and parsing stripe-node takes seconds.
      'import/ignore': ['node_modules'],
    },
    rules: {
      'import/no-restricted-paths': ['error', {basePath: root, zones: LAYERS}],
      // The formatter's width, for the comments Biome leaves as written. Long literals (Stripe's exact error texts,
      // test names, CSS) are let be here; src/ below has no exception.
      'max-len': [
        'error',
        {code: 120, tabWidth: 2, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true},
      ],
    },
  },
  {
    // Cycles are looked for in the code that ships (the app's layers, the backend), not from every tool and test:
    // walking the import graph from each of those files was most of the lint's time.
    files: ['src/**/*.{ts,tsx}', 'backend/src/**/*.ts'],
    rules: {'import/no-cycle': ['error', {ignoreExternal: true}]},
  },
  {
    // The views run in Stripe's sandbox: no console (src ↛ local is one of the LAYERS zones above). The formatter's
    // width holds for every line of the app, long strings included.
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'no-console': 'error',
      'max-len': ['error', {code: 120, tabWidth: 2}],
    },
  },
  {
    // The SDK's runtime reaches the views through src/sdk/, which defines what they use of it, held to the SDK by
    // ui-tests/sdk/: its `ui` module alone would bring all 65 components into the bundle. Its types come from anywhere.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/sdk/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@stripe/ui-extension-sdk', '@stripe/ui-extension-sdk/**', '@remote-ui/**'],
              allowTypeImports: true,
              message: "The SDK's runtime comes through src/sdk/ (components.tsx, host.ts); import its types only.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/sdk/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@stripe/ui-extension-sdk/**', '!@stripe/ui-extension-sdk/version'],
              allowTypeImports: true,
              message: "src/sdk/ defines what the views use of the SDK: it takes the SDK's version and types only.",
            },
          ],
        },
      ],
    },
  },
  {
    // Transport and protocol hold no React state: the hooks live in src/data and with the pages.
    files: ['src/secrets/**/*.{ts,tsx}', 'src/oauth/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'react',
              message: 'src/secrets and src/oauth hold no React state: hooks live in src/data or with their page.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'src/views/**/*.{ts,tsx}',
      'src/pages/**/*.{ts,tsx}',
      'src/components/**/*.{ts,tsx}',
      'src/data/**/*.{ts,tsx}',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{name: 'stripe', message: 'Views reach Stripe only through src/secrets.'}],
        },
      ],
      'no-restricted-globals': [
        'error',
        {name: 'fetch', message: 'Views call third parties through src/oauth or src/secrets.'},
      ],
    },
  },
  {
    // Node-side code: the local Dashboard, its servers and the tests may use the DOM-free Node APIs.
    files: [
      'local/**/*.{ts,tsx,mjs}',
      'ui-tests/**/*.{ts,tsx,mjs}',
      'scripts/**/*.{ts,tsx,mjs}',
      'backend/**/*.{ts,mjs}',
      '*.mjs',
    ],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      'no-restricted-syntax': 'off',
    },
  },
];
