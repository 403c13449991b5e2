import path from 'node:path';
import {fileURLToPath} from 'node:url';
import preset from '@stripe/ui-extension-tools/jest.config.ui-extension.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Debian's Chromium: the browser tests drive it through playwright-core (never a downloaded browser). */
export const CHROMIUM = '/usr/bin/chromium';

/** The SDK's Jest preset without its `preset: 'ts-jest'`: the transforms below replace it. */
const withoutPreset = (config) => {
  const rest = {...config};
  delete rest.preset;
  return rest;
};

/** @param {object} parser SWC's `jsc.parser` */
const swc = (parser) => [
  '@swc/jest',
  {jsc: {parser, target: 'es2022', transform: {react: {runtime: 'automatic'}}}, module: {type: 'commonjs'}},
];

/**
 * One Jest setup for every package of the workspace (the app, the local Stripe, the backend): SWC over our
 * TypeScript and the SDK's ES modules, a closing summary line for CI, and the esbuild service stopped after each file.
 * `browser: true` gives the browser-test variant: one worker (two shared cores), a long timeout, and the environment
 * that keeps one Chromium tab per worker for all its files (browser-environment.ts); `slow: true` the
 * long timeout alone (suites whose every file starts servers).
 * `setupFiles` run before each test file (e.g. local/testing/at-repo-root.ts).
 * @param {{rootDir: string, roots: string[], ignore?: string[], label: string, browser?: boolean, slow?: boolean,
 *   setupFiles?: string[]}} options
 * @returns {import('jest').Config}
 */
export function jestProject({rootDir, roots, ignore = [], label, browser = false, slow = false, setupFiles = []}) {
  return {
    ...withoutPreset(preset),
    displayName: label,
    rootDir,
    testEnvironment: path.join(HERE, 'node-environment.ts'),
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
      // SWC strips types and turns ES modules (ours, and the SDK's since 9.2.1) into CommonJS for Jest, with no type
      // check (`npm run typecheck` does that once): ts-jest spent about 35 s of CPU on a cold cache, which is every
      // CI run, since Jest's cache is keyed by the checkout's path. One parser per kind of file, as TypeScript has it
      // (`<T>x` is a cast in .ts and JSX in .tsx).
      '^.+\\.tsx$': swc({syntax: 'typescript', tsx: true}),
      '^.+\\.ts$': swc({syntax: 'typescript'}),
      '^.+\\.jsx?$': swc({syntax: 'ecmascript', jsx: true}),
    },
    transformIgnorePatterns: ['/node_modules/(?!@stripe/ui-extension-sdk/)'],
    ...(browser
      ? {
          maxWorkers: 1,
          testEnvironment: path.join(HERE, 'browser-environment.ts'),
          globalSetup: path.join(HERE, 'browser-server.ts'),
          globalTeardown: path.join(HERE, 'browser-server-stop.ts'),
        }
      : {}),
  };
}
