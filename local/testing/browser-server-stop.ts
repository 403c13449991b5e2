import {stopBrowserServer} from './browser-server';

/** Jest's globalTeardown for the browser tests (see browser-server.ts). */
export default stopBrowserServer;
