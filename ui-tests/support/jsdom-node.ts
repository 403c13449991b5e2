import {TestEnvironment} from 'jest-environment-jsdom';

/**
 * jsdom for view-model tests (`renderHook` renders into a DOM), with the Node globals jsdom leaves out. The emulator
 * and the platform host run in the same worker as the hook under test, and need them (TextDecoder, fetch, streams).
 * A test opts in with the docblock `@jest-environment ./ui-tests/support/jsdom-node.ts`.
 */
const NODE_GLOBALS = [
  'TextDecoder',
  'TextEncoder',
  'fetch',
  'Request',
  'Response',
  'Headers',
  'AbortController',
  'AbortSignal',
  'ReadableStream',
  'TransformStream',
  'WritableStream',
  'Blob',
  'FormData',
  'structuredClone',
  'setImmediate',
  'clearImmediate',
] as const;

export default class JsdomWithNodeGlobals extends TestEnvironment {
  constructor(...args: ConstructorParameters<typeof TestEnvironment>) {
    super(...args);
    const target = this.global as unknown as Record<string, unknown>;
    const source = globalThis as unknown as Record<string, unknown>;
    // jsdom's own versions win where it has one (URL, Event…): only what it lacks is taken from Node.
    for (const name of NODE_GLOBALS) if (target[name] === undefined) target[name] = source[name];
    // jsdom's crypto has getRandomValues but no `subtle`, which the host's PKCE (S256) needs: Node's Web Crypto
    // instead.
    Object.defineProperty(target, 'crypto', {value: source.crypto, configurable: true, writable: true});
  }
}
