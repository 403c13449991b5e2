import {stopChildServices} from '../exit-cleanly';

/**
 * Every test file (jest's setupFilesAfterEnv): a test that bundled with esbuild started its service process in this
 * worker; stop it and wait until it is reaped, so no process of the run outlives it.
 */
afterAll(() => stopChildServices());
