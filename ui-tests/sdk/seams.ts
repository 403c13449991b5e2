import {startEmulator, type RunningEmulator} from '../../local/emulator';
import {createPlatformHost, installHost, type PlatformHost} from '../../local/platform/host';

/** Stripe's API, as the SDK's direct path addresses it. */
export const API = 'https://api.stripe.com';

export interface Seams {
  emulator: RunningEmulator;
  /** The Dashboard the view talks to (a platform host over the emulator), installed as the view's endpoint. */
  host: PlatformHost;
  /** Ada's Dashboard session: the emulator takes it as an app embedded key too. */
  sessionToken: string;
  /** Each request the view sent to api.stripe.com; a test empties it before what it observes. */
  sent: {url: string; init: RequestInit | undefined}[];
}

/**
 * What the SDK-equivalence tests (this folder) run the SDK's functions and src/sdk's against, set up for the file: a
 * real emulator, a Dashboard over it, and `fetch` as the one seam. api.stripe.com cannot be reached here, so each
 * request to it is recorded and forwarded to the emulator, or answered by `answer` when it gives a response.
 */
export function setUpSeams(account: string, answer: (url: string) => Response | undefined = () => undefined): Seams {
  const seams = {sent: []} as unknown as Seams;
  const realFetch = globalThis.fetch;
  let uninstall: (() => void) | undefined;
  beforeAll(async () => {
    seams.emulator = await startEmulator({port: 0, memory: true});
    seams.sessionToken = await seams.emulator.createDashboardSession({
      account,
      user: 'usr_ada',
      roles: ['developer'],
    });
    seams.host = createPlatformHost({emulatorUrl: seams.emulator.url, sessionToken: seams.sessionToken});
    uninstall = installHost(seams.host);
    globalThis.fetch = async (input, init) => {
      const url = String(input);
      if (!url.startsWith(`${API}/`)) return realFetch(input, init); // the host's own, to the emulator
      seams.sent.push({url, init});
      return answer(url) ?? realFetch(url.replace(API, seams.emulator.url), init);
    };
  });
  afterAll(async () => {
    globalThis.fetch = realFetch;
    uninstall?.();
    await seams.emulator?.close();
  });
  return seams;
}
