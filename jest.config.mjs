import preset from '@stripe/ui-extension-tools/jest.config.ui-extension.mjs';

/** @type {import('jest').Config} */
export default {
  ...preset,
  testEnvironment: 'node',
  roots: ['<rootDir>/ui-tests'],
  reporters: ['default', '<rootDir>/ui-tests/support/summary-reporter.mjs'],
  testPathIgnorePatterns: ['/node_modules/', '/ui-tests/e2e/'],
  // Tests stop what they start: esbuild's service process too (see local/exit-cleanly.ts).
  setupFilesAfterEnv: ['<rootDir>/ui-tests/support/stop-child-services.ts'],
  transform: {
    ...preset.transform,
    // SDK 9.2.1+ ships ES modules; ts-jest turns them (and our TS) into CommonJS for Jest.
    '^.+\\.(t|j)sx?$': ['ts-jest', {tsconfig: {isolatedModules: true, jsx: 'react-jsx', esModuleInterop: true, allowJs: true, module: 'commonjs'}}],
  },
  transformIgnorePatterns: ['/node_modules/(?!@stripe/ui-extension-sdk/)'],
};
