import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {jestProject} from '../local/testing/jest.mjs';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * The backend's tests (`npm test -w backend`), with the workspace's one Jest setup. They start real servers (the Secret
 * Store emulator, the local OAuth provider, redis-server, backend processes), hence the longer timeout, and run two
 * files at a time on the shared machine.
 * @type {import('jest').Config}
 */
export default {
  ...jestProject({rootDir: root, roots: ['<rootDir>/test'], label: 'backend', slow: true}),
  maxWorkers: 2,
};
