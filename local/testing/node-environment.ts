import {TestEnvironment} from 'jest-environment-node';
import {OAUTH_POOL} from '../oauth/options';

/**
 * Every Jest project's environment (jest.mjs): Node's, plus what a worker keeps for all the test files it runs. Jest
 * loads an environment's module once per worker and gives each file a fresh global, so what outlives a file lives
 * here and is put on each file's global: the OAuth provider processes that spawn.ts takes and gives back (a loaded
 * process serves one provider after another; closing a provider stops it and parks the process). The parked processes
 * never keep the worker alive, and end with it.
 */
const providers: unknown[] = [];

export default class NodeEnvironment extends TestEnvironment {
  async setup(): Promise<void> {
    await super.setup();
    this.global[OAUTH_POOL] = providers;
  }
}
