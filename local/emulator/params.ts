import {Errors} from './errors';

/**
 * Request parameters, decoded the way Stripe's (Rack-based) API does for both the query string and a form body:
 * `scope[type]=user` is a hash, `expand[]=payload` and `expand[0]=payload` are arrays, and brackets may arrive raw or
 * percent-encoded (`expand%5B%5D`), since keys are percent-decoded before they are split.
 * Hashes are Maps, so a key such as `__proto__` is just a key.
 * @see https://github.com/stripe/stripe-node/blob/master/src/utils.ts (stringifyRequestData: indexed arrays)
 */
export type ParamValue = string | ParamValue[] | ParamHash;
export type ParamHash = Map<string, ParamValue>;

/** At most this many `name=value` pairs in the query string and body together. */
export const MAX_PAIRS = 1000;
/**
 * At most this many bracketed parts in one name (`a[b][c]` has two). Rack, which Stripe's API runs on, refuses deeper
 * names with a 400 (its `param_depth_limit`); Stripe's own parameters go three deep at most.
 */
export const MAX_DEPTH = 32;

/** While parsing, arrays remember explicit indices (`a[3]`) apart from appended items (`a[]`). */
class ArrayBuilder {
  readonly indexed = new Map<number, Node>();
  readonly appended: Node[] = [];
}
type Node = string | ArrayBuilder | Map<string, Node>;

/** Percent-decodes one key or value; bytes that are not UTF-8 are refused rather than replaced with U+FFFD. */
function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    // decodeURIComponent fails both on a broken escape (`%zz`) and on escapes that are not UTF-8 (`%FF`).
    throw /%(?![0-9a-fA-F]{2})/.test(text)
      ? Errors.malformedEncoding()
      : Errors.invalidUtf8('percent-encoded parameter');
  }
}

/**
 * `scope[type]` → base `scope`, segments `['type']`. A key with unbalanced brackets is taken literally. A name nested
 * deeper than MAX_DEPTH is refused as soon as the scan passes the limit, before anything is built from it.
 */
function splitKey(key: string): {base: string; segments: string[]} {
  const open = key.indexOf('[');
  if (open <= 0) return {base: key, segments: []};
  const segments: string[] = [];
  const pattern = /\[([^[\]]*)\]/y;
  pattern.lastIndex = open;
  while (pattern.lastIndex < key.length) {
    const match = pattern.exec(key);
    if (!match) return {base: key, segments: []};
    if (segments.length === MAX_DEPTH) throw Errors.nestedTooDeep(key.slice(0, open), MAX_DEPTH);
    segments.push(match[1]);
  }
  return {base: key.slice(0, open), segments};
}

function place(existing: Node | undefined, segments: string[], value: string, path: string): Node {
  if (segments.length === 0) {
    // A repeated plain key keeps its last value, as Rack does.
    if (existing !== undefined && typeof existing !== 'string') throw Errors.paramShapeConflict(path);
    return value;
  }
  const [segment, ...rest] = segments;
  if (segment === '' || /^\d{1,6}$/.test(segment)) {
    const array = existing ?? new ArrayBuilder();
    if (!(array instanceof ArrayBuilder)) throw Errors.paramShapeConflict(path);
    if (segment === '') {
      if (rest.length > 0) throw Errors.unsupportedNesting(path);
      array.appended.push(value);
    } else {
      const index = Number(segment);
      array.indexed.set(index, place(array.indexed.get(index), rest, value, `${path}[${segment}]`));
    }
    return array;
  }
  const hash = existing ?? new Map<string, Node>();
  if (!(hash instanceof Map)) throw Errors.paramShapeConflict(path);
  hash.set(segment, place(hash.get(segment), rest, value, `${path}[${segment}]`));
  return hash;
}

function finish(node: Node): ParamValue {
  if (typeof node === 'string') return node;
  if (node instanceof ArrayBuilder) {
    const ordered = [...node.indexed.entries()].sort(([a], [b]) => a - b).map(([, item]) => item);
    return [...ordered, ...node.appended].map(finish);
  }
  return new Map([...node.entries()].map(([key, item]) => [key, finish(item)]));
}

/** Decodes any number of `a=1&b[c]=2` strings into one tree; later sources win for a repeated plain key. */
export function parseParams(...sources: string[]): ParamHash {
  const root = new Map<string, Node>();
  let pairs = 0;
  for (const source of sources) {
    for (const pair of source.split('&')) {
      if (pair === '') continue;
      pairs += 1;
      if (pairs > MAX_PAIRS) throw Errors.tooManyParams(MAX_PAIRS);
      const equals = pair.indexOf('=');
      const key = decode(equals === -1 ? pair : pair.slice(0, equals));
      const value = equals === -1 ? '' : decode(pair.slice(equals + 1));
      if (key === '') continue;
      const {base, segments} = splitKey(key);
      root.set(base, place(root.get(base), segments, value, base));
    }
  }
  const result: ParamHash = new Map();
  for (const [key, node] of root) result.set(key, finish(node));
  return result;
}
