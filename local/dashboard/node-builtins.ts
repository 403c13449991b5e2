import type * as esbuild from 'esbuild';

/**
 * The Node built-ins that stripe-node 8 and 9 (`lib/`, CommonJS) `require` at load time, for the views' worker bundle.
 * stripe-node 11 and later resolve to a fetch-based build under the `worker`/`browser` conditions and need none of
 * this. A view bundles stripe-node only to send requests through the SDK's `createHttpClient()`, so no stand-in has to
 * do Node's work; each only has to load and keep stripe-node's own fallbacks working:
 *
 * - `events`: stripe-node constructs an EventEmitter for its request/response events, so this is a working one.
 * - `path`: stripe-node 8 builds request paths with `path.join`, so this is a working POSIX join.
 * - `crypto`: used only to verify webhook signatures, which a view never does; every function says so when called.
 * - `http`, `https`: `NodeHttpClient` makes keep-alive agents when loaded; `Agent` constructs, `request` refuses.
 * - `child_process`: stripe-node already copes with it missing (`exec` null, its uname lookup is skipped).
 *
 * A request for any other built-in still fails the build with esbuild's own "Could not resolve" message. Where the app
 * installed a package of that name itself (`events`, `path` from npm), its package wins, as a bundler would pick it.
 */
const NODE_BUILTINS = ['events', 'path', 'crypto', 'http', 'https', 'child_process'] as const;

const FILTER = new RegExp(`^(node:)?(${NODE_BUILTINS.join('|')})$`);
const NAMESPACE = 'local-dashboard-node-builtin';

const unavailable = (what: string) =>
  `function () { throw new Error(${JSON.stringify(`${what} is not available in a Stripe App view (the Dashboard runs views in a browser sandbox).`)}); }`;

const SOURCES: Record<(typeof NODE_BUILTINS)[number], string> = {
  events: `
function EventEmitter() { this._events = Object.create(null); }
EventEmitter.prototype.on = function (name, listener) {
  (this._events[name] = this._events[name] || []).push(listener);
  return this;
};
EventEmitter.prototype.addListener = EventEmitter.prototype.on;
EventEmitter.prototype.once = function (name, listener) {
  var self = this;
  function once() { self.off(name, once); listener.apply(self, arguments); }
  once.listener = listener;
  return this.on(name, once);
};
EventEmitter.prototype.off = function (name, listener) {
  var list = this._events[name];
  if (list) this._events[name] = list.filter(function (l) { return l !== listener && l.listener !== listener; });
  return this;
};
EventEmitter.prototype.removeListener = EventEmitter.prototype.off;
EventEmitter.prototype.removeAllListeners = function (name) {
  if (name === undefined) this._events = Object.create(null); else delete this._events[name];
  return this;
};
EventEmitter.prototype.emit = function (name) {
  var list = this._events[name];
  if (!list || list.length === 0) return false;
  var args = Array.prototype.slice.call(arguments, 1);
  list.slice().forEach(function (l) { l.apply(this, args); }, this);
  return true;
};
EventEmitter.prototype.listeners = function (name) { return (this._events[name] || []).slice(); };
EventEmitter.prototype.listenerCount = function (name) { return (this._events[name] || []).length; };
EventEmitter.prototype.setMaxListeners = function () { return this; };
EventEmitter.EventEmitter = EventEmitter;
module.exports = EventEmitter;
`,
  path: `
function normalize(path) {
  var absolute = path.charAt(0) === '/';
  var out = [];
  path.split('/').forEach(function (part) {
    if (part === '' || part === '.') return;
    if (part === '..') { if (out.length && out[out.length - 1] !== '..') out.pop(); else if (!absolute) out.push('..'); return; }
    out.push(part);
  });
  var joined = (absolute ? '/' : '') + out.join('/');
  if (path.length > 1 && path.charAt(path.length - 1) === '/' && joined !== '/') joined += '/';
  return joined || (absolute ? '/' : '.');
}
function join() {
  var parts = Array.prototype.filter.call(arguments, function (p) { return typeof p === 'string' && p !== ''; });
  return parts.length ? normalize(parts.join('/')) : '.';
}
function basename(path) { var parts = path.replace(/\\/+$/, '').split('/'); return parts[parts.length - 1]; }
function dirname(path) { var i = path.replace(/\\/+$/, '').lastIndexOf('/'); return i < 0 ? '.' : i === 0 ? '/' : path.slice(0, i); }
module.exports = { sep: '/', delimiter: ':', normalize: normalize, join: join, basename: basename, dirname: dirname };
module.exports.posix = module.exports;
`,
  crypto: `
module.exports = {
  createHmac: ${unavailable('crypto.createHmac')},
  createHash: ${unavailable('crypto.createHash')},
  randomBytes: ${unavailable('crypto.randomBytes')},
  timingSafeEqual: ${unavailable('crypto.timingSafeEqual')},
};
`,
  http: `
function Agent(options) { this.options = options || {}; }
module.exports = { Agent: Agent, request: ${unavailable('http.request')} };
`,
  https: `
function Agent(options) { this.options = options || {}; }
module.exports = { Agent: Agent, request: ${unavailable('https.request')} };
`,
  child_process: `module.exports = {};`,
};

/** The esbuild plugin: resolves each name above (with or without `node:`) to its stand-in. */
export function nodeBuiltinsPlugin(): esbuild.Plugin {
  return {
    name: 'local-dashboard-node-builtins',
    setup(build) {
      build.onResolve({filter: FILTER}, async (args) => {
        if ((args.pluginData as {builtin?: boolean} | undefined)?.builtin) return undefined;
        const name = args.path.replace(/^node:/, '') as (typeof NODE_BUILTINS)[number];
        if (!args.path.startsWith('node:')) {
          const installed = await build.resolve(name, {
            kind: args.kind,
            resolveDir: args.resolveDir,
            importer: args.importer,
            pluginData: {builtin: true},
          });
          if (!installed.errors.length && installed.path) return {path: installed.path};
        }
        return {path: name, namespace: NAMESPACE};
      });
      build.onLoad({filter: /.*/, namespace: NAMESPACE}, (args) => ({
        contents: SOURCES[args.path as (typeof NODE_BUILTINS)[number]],
        loader: 'js',
      }));
    },
  };
}
