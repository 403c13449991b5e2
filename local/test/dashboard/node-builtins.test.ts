import {posix} from 'node:path';
import * as esbuild from 'esbuild';
import {nodeBuiltinsPlugin} from '../../dashboard/node-builtins';

/**
 * The stand-ins for the Node built-ins stripe-node 8 and 9 load, bundled for the browser as the views' worker is: the
 * parts stripe-node uses behave like Node's, the rest refuses clearly, and other built-ins still fail the build.
 */
async function bundle(source: string): Promise<esbuild.BuildResult & {outputFiles: esbuild.OutputFile[]}> {
  return esbuild.build({
    stdin: {contents: source, resolveDir: __dirname, loader: 'js'},
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    globalName: 'out',
    logLevel: 'silent',
    plugins: [nodeBuiltinsPlugin()],
  });
}

async function load<T>(source: string): Promise<T> {
  const result = await bundle(source);
  return new Function(`${result.outputFiles[0].text}; return out;`)() as T;
}

test('path.join and normalize give what Node gives for the paths stripe-node builds', async () => {
  const path = await load<{
    join: (...parts: string[]) => string;
    dirname: (p: string) => string;
    basename: (p: string) => string;
  }>("module.exports = require('path');");
  const cases: string[][] = [
    ['/v1', 'apps/secrets'],
    ['/v1/', '/apps/secrets/', 'find'],
    ['/v1', 'customers', 'cus_123', '..', 'cus_456'],
    ['v1', './a', '', 'b/'],
    ['/'],
    [''],
  ];
  for (const parts of cases) expect(path.join(...parts)).toBe(posix.join(...parts));
  expect(path.dirname('/v1/apps/secrets')).toBe('/v1/apps');
  expect(path.basename('/v1/apps/secrets')).toBe('secrets');
});

test('events is a working EventEmitter, under node: too', async () => {
  type Listener = (value: unknown) => void;
  type Emitter = {
    on(n: string, l: Listener): void;
    once(n: string, l: Listener): void;
    off(n: string, l: Listener): void;
    emit(n: string, ...a: unknown[]): boolean;
  };
  const {EventEmitter, again} = await load<{EventEmitter: new () => Emitter; again: unknown}>(
    "module.exports = {EventEmitter: require('events').EventEmitter, again: require('node:events')};",
  );
  expect(again).toBe(EventEmitter);
  const emitter = new EventEmitter();
  const seen: unknown[] = [];
  const always = (value: unknown) => seen.push(['on', value]);
  emitter.on('request', always);
  emitter.once('request', (value: unknown) => seen.push(['once', value]));
  expect(emitter.emit('request', 1)).toBe(true);
  emitter.emit('request', 2);
  emitter.off('request', always);
  expect(emitter.emit('request', 3)).toBe(false);
  expect(seen).toEqual([
    ['on', 1],
    ['once', 1],
    ['on', 2],
  ]);
});

test('what a view cannot do says so when called; http agents construct', async () => {
  const mod = await load<{
    crypto: {createHmac: () => void};
    https: {Agent: new (o: object) => {options: object}; request: () => void};
    cp: object;
  }>("module.exports = {crypto: require('crypto'), https: require('https'), cp: require('child_process')};");
  expect(() => mod.crypto.createHmac()).toThrow(/crypto.createHmac is not available in a Stripe App view/);
  expect(new mod.https.Agent({keepAlive: true}).options).toEqual({keepAlive: true});
  expect(() => mod.https.request()).toThrow(/https.request is not available/);
  expect(mod.cp).toEqual({});
});

test('any other built-in still fails the build with esbuild’s message', async () => {
  await expect(bundle("require('fs');")).rejects.toThrow(/Could not resolve "fs"/);
});
