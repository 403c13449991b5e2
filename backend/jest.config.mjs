/**
 * The backend's tests (`npm test -w backend`): Node only, TypeScript through ts-jest as CommonJS, like the root's.
 * The tests start real servers (the Secret Store emulator, the local OAuth provider, redis-server, backend processes),
 * so each file gets a generous timeout and the files run one or two at a time on the shared machine.
 * @type {import('jest').Config}
 */
export default {
  rootDir: '.',
  roots: ['<rootDir>/test'],
  testEnvironment: 'node',
  testTimeout: 60_000,
  maxWorkers: 2,
  // As the root's tests do: stop any esbuild service this worker started (tsx starts one), so no process outlives the run.
  setupFilesAfterEnv: ['<rootDir>/../ui-tests/support/stop-child-services.ts'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', {tsconfig: '<rootDir>/tsconfig.json'}],
  },
};
