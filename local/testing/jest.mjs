import path from 'node:path';
import {fileURLToPath} from 'node:url';
import preset from '@stripe/ui-extension-tools/jest.config.ui-extension.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Debian's Chromium: the browser tests drive it through playwright-core (never a downloaded browser). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * One Jest setup for every package of the workspace (the app, the local Stripe, the backend): ts-jest over our
 * TypeScript and the SDK's ES modules, a closing summary line for CI, and the esbuild service stopped after each file.
 * `browser: true` gives the browser-test variant: one worker (two shared cores) and a long timeout; `slow: true` the
 * long timeout alone (suites whose every file starts servers).
 * `setupFiles` run before each test file (e.g. local/testing/at-repo-root.ts).
 * @param {{rootDir: string, roots: string[], ignore?: string[], label: string, browser?: boolean, slow?: boolean, setupFiles?: string[]}} options
 * @returns {import('jest').Config}
 */
export function jestProject({rootDir, roots, ignore = [], label, browser = false, slow = false, setupFiles = []}) {
  return {
    ...preset,
    displayName: label,
    rootDir,
    testEnvironment: 'node',
    roots,
    reporters: ['default', [path.join(HERE, 'summary-reporter.mjs'), {label}]],
    testPathIgnorePatterns: ['/node_modules/', ...ignore],
    // Tests stop what they start: esbuild's service process too (see local/exit-cleanly.ts).
    setupFiles,
    setupFilesAfterEnv: [
      path.join(HERE, 'stop-child-services.ts'),
      ...(browser || slow ? [path.join(HERE, 'long-timeout.ts')] : []),
    ],
    transform: {
      ...preset.transform,
      // SDK 9.2.1+ ships ES modules; ts-jest turns them (and our TS) into CommonJS for Jest.
      '^.+\\.(t|j)sx?$': [
        'ts-jest',
        {tsconfig: {isolatedModules: true, jsx: 'react-jsx', esModuleInterop: true, allowJs: true, module: 'commonjs'}},
      ],
    },
    transformIgnorePatterns: ['/node_modules/(?!@stripe/ui-extension-sdk/)'],
    ...(browser
      ? {
          maxWorkers: 1,
          globalSetup: path.join(HERE, 'browser-server.ts'),
          globalTeardown: path.join(HERE, 'browser-server-stop.ts'),
        }
      : {}),
  };
}
