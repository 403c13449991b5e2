/**
 * The ExtensionRouter the SDK's navigation module expects at `globalThis.__extRouter` ("It should be injected during
 * sandbox initialisation"): `NavigationProvider`, `AppRouter`, `Redirect`, `useNavigation` and the search-param hooks
 * all call it. It matches full-page routes (`/members/:id`, `/:tab?`, `/files/*`, `/files/*?`) against the full page's
 * href, builds path segments for `createAppRoute`, and tells the host when the view moves so the address bar follows.
 * Types follow `@stripe/ui-extension-sdk/types/global.navigation`.
 */

type SearchParams = Readonly<Record<string, unknown>>;
type RouteDefinition = {path: string; render: (...args: never[]) => unknown};
type RoutesConfig = Record<string, RouteDefinition>;
type RouteDescriptor = {key: string; params?: Record<string, string | undefined>; searchParams?: SearchParams};
type NavigationOptions = {replace?: boolean; remote?: boolean};
type HrefChangeEvent = {href: string; options?: NavigationOptions; searchParams?: SearchParams};
type HrefListener = (event: HrefChangeEvent) => void;

export interface ExtensionRouter {
  getHref(): string | undefined;
  setHref(href: string, options?: NavigationOptions & {searchParams?: SearchParams}): void;
  listenToHref(listener: HrefListener): () => void;
  setRoute(config: RoutesConfig, route: RouteDescriptor, options?: NavigationOptions): void;
  createPathSegments(config: RoutesConfig, route: RouteDescriptor): string[];
  getMatchedRoute(
    config: RoutesConfig,
    href: string,
  ): {key: string; routeDefinition: RouteDefinition; routeParams: Record<string, string | undefined>} | null;
  registerRoutes(config: RoutesConfig): () => void;
  validateRoutes(config: RoutesConfig): RoutesConfig;
  getSearchParams(): SearchParams | undefined;
}

/** Where the router reports a move made by the view, so the page's address and history follow it. */
export type ReportHref = (href: string, searchParams: SearchParams, replace: boolean) => void;

type Segment =
  | {kind: 'static'; value: string}
  | {kind: 'param'; name: string; optional: boolean}
  | {kind: 'wildcard'; optional: boolean};

const PARAM_NAME = /^[A-Za-z0-9_]+$/;

function parsePattern(key: string, path: string): Segment[] {
  if (typeof path !== 'string' || !path.startsWith('/'))
    throw new Error(`Route "${key}": its path must start with "/" (got ${JSON.stringify(path)}).`);
  if (path === '/') return [];
  const parts = path.slice(1).split('/');
  return parts.map((part, i) => {
    if (part === '') throw new Error(`Route "${key}": its path ${path} has an empty segment.`);
    if (part === '*' || part === '*?') {
      if (i !== parts.length - 1) throw new Error(`Route "${key}": a wildcard must be the last segment of ${path}.`);
      return {kind: 'wildcard', optional: part === '*?'};
    }
    if (part.startsWith(':')) {
      const optional = part.endsWith('?');
      const name = part.slice(1, optional ? -1 : undefined);
      if (!PARAM_NAME.test(name))
        throw new Error(`Route "${key}": parameter ${part} in ${path} must use letters, digits and underscores.`);
      return {kind: 'param', name, optional};
    }
    return {kind: 'static', value: part};
  });
}

function splitHref(href: string): string[] {
  const path = href.split(/[?#]/)[0];
  return path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

/** Matches segments against a pattern; the score prefers static segments over parameters over wildcards. */
function match(
  pattern: Segment[],
  segments: string[],
): {params: Record<string, string | undefined>; score: number} | null {
  const params: Record<string, string | undefined> = {};
  let score = 0;
  let i = 0;
  for (const [index, segment] of pattern.entries()) {
    if (segment.kind === 'wildcard') {
      const rest = segments.slice(i);
      if (!rest.length && !segment.optional) return null;
      params['*'] = rest.length ? rest.join('/') : undefined;
      return {params, score};
    }
    const value = segments[i];
    if (segment.kind === 'static') {
      if (value !== segment.value) return null;
      score += 3;
      i++;
      continue;
    }
    // An optional parameter takes a segment only when the rest of the pattern can still match.
    if (value === undefined) {
      if (!segment.optional) return null;
      params[segment.name] = undefined;
      continue;
    }
    if (segment.optional) {
      const taken = match(pattern.slice(index + 1), segments.slice(i + 1));
      const skipped = match(pattern.slice(index + 1), segments.slice(i));
      if (taken && (!skipped || taken.score + 1 >= skipped.score)) {
        return {params: {...params, [segment.name]: value, ...taken.params}, score: score + 1 + taken.score};
      }
      if (skipped)
        return {params: {...params, [segment.name]: undefined, ...skipped.params}, score: score + skipped.score};
      return null;
    }
    params[segment.name] = value;
    score += 2;
    i++;
  }
  return i === segments.length ? {params, score} : null;
}

export function createExtensionRouter(
  initial: {href?: string; searchParams?: SearchParams},
  report: ReportHref,
): ExtensionRouter {
  let href = initial.href;
  let searchParams: SearchParams = initial.searchParams ?? {};
  const listeners = new Set<HrefListener>();
  const patterns = new Map<string, Segment[]>();
  const patternOf = (key: string, definition: RouteDefinition) => {
    const id = `${key}\u0000${definition.path}`;
    let pattern = patterns.get(id);
    if (!pattern) {
      pattern = parsePattern(key, definition.path);
      patterns.set(id, pattern);
    }
    return pattern;
  };

  const router: ExtensionRouter = {
    getHref: () => href,
    getSearchParams: () => (href === undefined ? undefined : searchParams),
    listenToHref(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    setHref(next, options = {}) {
      href = next;
      searchParams = options.searchParams ?? {};
      const event: HrefChangeEvent = {
        href: next,
        options: {replace: options.replace, remote: options.remote},
        searchParams,
      };
      listeners.forEach((listener) => listener(event));
      if (!options.remote) report(next, searchParams, options.replace === true);
    },
    validateRoutes(config) {
      for (const [key, definition] of Object.entries(config)) {
        if (!definition || typeof definition.render !== 'function')
          throw new Error(`Route "${key}" has no render function; build it with route().`);
        patternOf(key, definition);
      }
      return config;
    },
    registerRoutes(config) {
      router.validateRoutes(config);
      return () => undefined;
    },
    getMatchedRoute(config, target) {
      const segments = splitHref(target);
      let best: {
        key: string;
        routeDefinition: RouteDefinition;
        routeParams: Record<string, string | undefined>;
        score: number;
      } | null = null;
      for (const [key, definition] of Object.entries(config)) {
        const found = match(patternOf(key, definition), segments);
        if (found && (!best || found.score > best.score))
          best = {key, routeDefinition: definition, routeParams: found.params, score: found.score};
      }
      return best ? {key: best.key, routeDefinition: best.routeDefinition, routeParams: best.routeParams} : null;
    },
    createPathSegments(config, route) {
      const definition = config[route.key];
      if (!definition) throw new Error(`No route named "${route.key}" in the routes given to NavigationProvider.`);
      const params = route.params ?? {};
      const out: string[] = [];
      for (const segment of patternOf(route.key, definition)) {
        if (segment.kind === 'static') out.push(segment.value);
        else if (segment.kind === 'wildcard') {
          const rest = params['*'];
          if (rest) out.push(...rest.split('/').filter(Boolean));
          else if (!segment.optional) throw new Error(`Route "${route.key}" needs its wildcard "*" parameter.`);
        } else {
          const value = params[segment.name];
          if (value !== undefined && value !== '') out.push(value);
          else if (!segment.optional) throw new Error(`Route "${route.key}" needs the parameter "${segment.name}".`);
        }
      }
      return out;
    },
    setRoute(config, route, options = {}) {
      const segments = router.createPathSegments(config, route);
      router.setHref(`/${segments.map(encodeURIComponent).join('/')}`, {...options, searchParams: route.searchParams});
    },
  };
  return router;
}
