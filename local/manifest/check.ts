import {isAllowedByConnectSrc} from './csp';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {join, relative, sep} from 'node:path';
import ts from 'typescript';
import {isRecord, type Manifest} from './load';
import * as rules from './rules';

/**
 * The manifest check `stripe apps upload` would make, plus the rules the schema leaves loose (https and a path in
 * `connect-src`, each view file present with a default export, every fetched URL allowed), as a list of rules
 * (`MANIFEST_RULES`) that knows no particular app; an app adds its own with `CheckOptions.app`. It returns problems
 * as sentences naming what is wrong; an empty list means ready.
 */

export {isRecord, loadManifest, mergeManifest, type Manifest} from './load';

/** True when the file's module has a default export (`export default …` or `export {x as default}`). */
export function hasDefaultExport(file: string): boolean {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  return source.statements.some((statement) => {
    if (ts.isExportAssignment(statement)) return !statement.isExportEquals;
    if (ts.canHaveModifiers(statement)) {
      const mods = ts.getModifiers(statement) ?? [];
      if (
        mods.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) &&
        mods.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
      )
        return true;
    }
    return (
      ts.isExportDeclaration(statement) &&
      !!statement.exportClause &&
      ts.isNamedExports(statement.exportClause) &&
      statement.exportClause.elements.some((element) => element.name.text === 'default')
    );
  });
}

export function viewFile(projectDir: string, component: string): string {
  return join(projectDir, 'src', 'views', `${component}.tsx`);
}

export function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]', '0.0.0.0'].includes(url.hostname) || url.hostname.endsWith('.localhost');
}

function checkConnectSrcEntry(entry: unknown, index: number, production: boolean): string[] {
  const where = `ui_extension.content_security_policy.connect-src[${index}]`;
  if (typeof entry !== 'string') return [`${where} must be a URL string`];
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return [`${where} is not a URL: ${entry}`];
  }
  const problems: string[] = [];
  const loopback = isLoopback(url);
  if (url.protocol !== 'https:' && !(loopback && !production)) problems.push(`${where} must use https: ${entry}`);
  if (url.pathname === '/' || url.pathname === '') {
    problems.push(`${where} must include a path (end it with / to allow everything below it): ${entry}`);
  }
  if (rules.STRIPE_API_HOSTS.includes(url.hostname)) {
    problems.push(`${where} must not be a Stripe API URL (views call Stripe through the SDK): ${entry}`);
  }
  if (production && loopback)
    problems.push(`${where} points at this machine; the production manifest must not: ${entry}`);
  if (url.search || url.hash) problems.push(`${where} must not carry a query or fragment: ${entry}`);
  return problems;
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The literal URL a `fetch` argument holds: a string, or the fixed start of a template (`https://x/api/${id}`). */
function literalUrl(node: ts.Expression): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node) && /^https?:\/\/[^/]+\//.test(node.head.text)) return node.head.text;
  return undefined;
}

/**
 * Every `fetch(…)` (or `globalThis.fetch`, `window.fetch`, `self.fetch`) in the project's `src/`, with its literal URL
 * when it has one. Calls inside the `fetchModules` an app names take their URLs from `constants` (checked with the
 * app's `fetchedUrls`) or from Stripe's API, so they are not listed.
 */
export function fetchCalls(
  projectDir: string,
  fetchModules: Readonly<Record<string, string>> = {},
): {where: string; url?: string}[] {
  const calls: {where: string; url?: string}[] = [];
  for (const file of sourceFiles(join(projectDir, 'src'))) {
    const rel = relative(projectDir, file).split(sep).join('/');
    if (rel in fetchModules) continue;
    const text = readFileSync(file, 'utf8');
    if (!text.includes('fetch')) continue;
    const source = ts.createSourceFile(
      file,
      text,
      ts.ScriptTarget.Latest,
      true,
      file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    );
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const isFetch =
          (ts.isIdentifier(callee) && callee.text === 'fetch') ||
          (ts.isPropertyAccessExpression(callee) &&
            callee.name.text === 'fetch' &&
            ts.isIdentifier(callee.expression) &&
            ['globalThis', 'window', 'self'].includes(callee.expression.text));
        if (isFetch) {
          const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
          const arg = node.arguments[0];
          calls.push({where: `${rel}:${line}`, url: arg ? literalUrl(arg) : undefined});
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return calls;
}

function allStrings(
  value: unknown,
  path: string,
  out: {path: string; value: string}[] = [],
): {path: string; value: string}[] {
  if (typeof value === 'string') out.push({path, value});
  else if (Array.isArray(value)) value.forEach((item, i) => allStrings(item, `${path}[${i}]`, out));
  else if (isRecord(value)) for (const [k, v] of Object.entries(value)) allStrings(v, path ? `${path}.${k}` : k, out);
  return out;
}

/** One rule: the problems it finds, each a sentence naming what is wrong; none means the rule is satisfied. */
export type ManifestRule = (manifest: Manifest, context: RuleContext) => string[];

/** What an app adds to Stripe's rules: Keyring's are `KEYRING` in keyring.ts. */
export interface AppManifestRules {
  /** Run after `MANIFEST_RULES`. */
  rules: readonly ManifestRule[];
  /**
   * The modules that call `fetch` with a URL the check cannot see, and where it comes from: the manifest's
   * `constants` (their URLs are `fetchedUrls`), or Stripe's API, which the Dashboard allows every view (the SDK's
   * direct path). A `fetch` anywhere else must take a literal URL the check can see.
   */
  fetchModules?: Readonly<Record<string, string>>;
  /** The URLs those modules fetch, read from the manifest, each with its path: `connect-src` must allow them. */
  fetchedUrls?: (manifest: Manifest) => {where: string; url: string}[];
}

/** What every rule is given besides the manifest. */
export interface RuleContext {
  /** The project folder holding `src/views`. */
  projectDir: string;
  /** Production checks: no localhost or loopback URL anywhere. */
  production: boolean;
  /** The app's additions (none for an app checked against Stripe's rules alone). */
  app: AppManifestRules;
}

function topLevelKeys(manifest: Manifest): string[] {
  const problems: string[] = [];
  for (const key of rules.REQUIRED_KEYS) if (!(key in manifest)) problems.push(`missing required key "${key}"`);
  for (const key of Object.keys(manifest)) {
    if (!(rules.TOP_LEVEL_KEYS as readonly string[]).includes(key)) problems.push(`unknown top-level key "${key}"`);
  }
  return problems;
}

function identity(manifest: Manifest): string[] {
  const problems: string[] = [];
  if ('id' in manifest && (typeof manifest.id !== 'string' || !rules.ID_PATTERN.test(manifest.id))) {
    problems.push('id must hold only letters, digits, _ - and .');
  }
  for (const key of ['version', 'name'] as const) {
    if (key in manifest && (typeof manifest[key] !== 'string' || manifest[key] === ''))
      problems.push(`${key} must be a non-empty string`);
  }
  if ('icon' in manifest && (typeof manifest.icon !== 'string' || !rules.ICON_PATTERN.test(manifest.icon))) {
    problems.push('icon must be "" or a relative path to a .png, like ./icon.png');
  }
  return problems;
}

function permissions(manifest: Manifest): string[] {
  const problems: string[] = [];
  const list = manifest.permissions;
  if ('permissions' in manifest && !Array.isArray(list)) problems.push('permissions must be a list');
  if (!Array.isArray(list)) return problems;
  list.forEach((entry, i) => {
    if (!isRecord(entry) || typeof entry.permission !== 'string') {
      problems.push(`permissions[${i}] must be {permission, purpose}`);
      return;
    }
    if (!(rules.PERMISSIONS as readonly string[]).includes(entry.permission)) {
      problems.push(`permissions[${i}].permission "${entry.permission}" is not a Stripe permission`);
    }
    if (typeof entry.purpose !== 'string' || entry.purpose === '') {
      problems.push(`permissions[${i}] (${entry.permission}) needs a purpose`);
    }
    const extra = Object.keys(entry).filter((k) => k !== 'permission' && k !== 'purpose');
    if (extra.length) problems.push(`permissions[${i}] has unknown keys: ${extra.join(', ')}`);
  });
  if (!list.some((entry) => isRecord(entry) && entry.permission === rules.SECRET_PERMISSION)) {
    problems.push(
      `permissions must include "${rules.SECRET_PERMISSION}": without it every Secret Store call fails once uploaded`,
    );
  }
  return problems;
}

function uiExtension(manifest: Manifest): string[] {
  return 'ui_extension' in manifest && !isRecord(manifest.ui_extension) ? ['ui_extension must be an object'] : [];
}

function views(manifest: Manifest, {projectDir}: RuleContext): string[] {
  const ui = manifest.ui_extension;
  if (!isRecord(ui)) return [];
  const problems: string[] = [];
  if (!Array.isArray(ui.views)) problems.push('ui_extension.views must be a list');
  const seen = new Set<string>();
  (Array.isArray(ui.views) ? ui.views : []).forEach((view, i) => {
    const where = `ui_extension.views[${i}]`;
    if (!isRecord(view)) {
      problems.push(`${where} must be {viewport, component}`);
      return;
    }
    const {viewport, component} = view;
    if (typeof viewport !== 'string' || !(rules.VIEWPORTS as readonly string[]).includes(viewport)) {
      problems.push(`${where}.viewport "${String(viewport)}" is not a Stripe viewport`);
    } else if (seen.has(viewport)) {
      problems.push(`${where}.viewport "${viewport}" is listed twice`);
    } else {
      seen.add(viewport);
    }
    if (typeof component !== 'string' || !rules.COMPONENT_PATTERN.test(component)) {
      problems.push(`${where}.component "${String(component)}" must hold only letters, digits and _`);
      return;
    }
    const file = viewFile(projectDir, component);
    if (!existsSync(file)) problems.push(`${where}: view file src/views/${component}.tsx is missing`);
    else if (!hasDefaultExport(file)) problems.push(`${where}: src/views/${component}.tsx has no default export`);
  });
  return problems;
}

/** The `connect-src` entries that are strings (the rest are reported by `contentSecurityPolicy`). */
function connectSrcOf(manifest: Manifest): string[] {
  const ui = manifest.ui_extension;
  const csp = isRecord(ui) ? ui.content_security_policy : undefined;
  const list = isRecord(csp) ? csp['connect-src'] : undefined;
  return Array.isArray(list) ? list.filter((entry): entry is string => typeof entry === 'string') : [];
}

function contentSecurityPolicy(manifest: Manifest, {production}: RuleContext): string[] {
  const ui = manifest.ui_extension;
  if (!isRecord(ui) || ui.content_security_policy === undefined) return [];
  const csp = ui.content_security_policy;
  if (!isRecord(csp)) return ['ui_extension.content_security_policy must be an object'];
  const problems: string[] = [];
  if (typeof csp.purpose !== 'string' || csp.purpose.trim() === '') {
    problems.push('ui_extension.content_security_policy needs a purpose');
  }
  const list = csp['connect-src'];
  if (list !== undefined && list !== null && !Array.isArray(list)) {
    problems.push('ui_extension.content_security_policy.connect-src must be a list');
  }
  if (Array.isArray(list)) list.forEach((entry, i) => problems.push(...checkConnectSrcEntry(entry, i, production)));
  const images = csp['image-src'];
  if (images !== undefined && images !== null && !Array.isArray(images)) {
    problems.push('ui_extension.content_security_policy.image-src must be a list');
  }
  if (Array.isArray(images)) {
    images.forEach((entry, i) => {
      if (typeof entry !== 'string' || !rules.IMAGE_SRC_PATTERN.test(entry)) {
        problems.push(`ui_extension.content_security_policy.image-src[${i}] must be an http(s) URL: ${String(entry)}`);
      }
    });
  }
  return problems;
}

/** Every URL the app fetches, whether written in `src/` or taken from `constants`, is allowed by `connect-src`. */
function fetches(manifest: Manifest, {projectDir, app}: RuleContext): string[] {
  if (!isRecord(manifest.ui_extension)) return [];
  const connectSrc = connectSrcOf(manifest);
  const modules = Object.keys(app.fetchModules ?? {});
  const problems: string[] = [];
  for (const call of fetchCalls(projectDir, app.fetchModules)) {
    if (call.url === undefined) {
      const where = modules.length
        ? `fetch only from the modules named for it (${modules.join(', ')}) or`
        : 'fetch only';
      problems.push(
        `${call.where} calls fetch with a URL the check cannot follow; ${where} with a literal URL in connect-src`,
      );
    } else if (!isAllowedByConnectSrc(call.url, connectSrc)) {
      problems.push(`${call.where} fetches ${call.url}, which connect-src does not allow`);
    }
  }
  for (const {where, url} of app.fetchedUrls?.(manifest) ?? []) {
    if (!isAllowedByConnectSrc(url, connectSrc)) {
      problems.push(
        `${where} (${url}) is fetched by the app but not allowed by connect-src; add "${new URL('./', url).href}"`,
      );
    }
  }
  return problems;
}

function constants(manifest: Manifest): string[] {
  return 'constants' in manifest && manifest.constants !== null && !isRecord(manifest.constants)
    ? ['constants must be an object or null']
    : [];
}

function distribution(manifest: Manifest): string[] {
  const problems: string[] = [];
  if ('distribution_type' in manifest && !rules.DISTRIBUTION_TYPES.includes(String(manifest.distribution_type))) {
    problems.push(`distribution_type must be one of ${rules.DISTRIBUTION_TYPES.join(', ')}`);
  }
  if (
    'stripe_api_access_type' in manifest &&
    !rules.API_ACCESS_TYPES.includes(String(manifest.stripe_api_access_type))
  ) {
    problems.push(`stripe_api_access_type must be one of ${rules.API_ACCESS_TYPES.join(', ')}`);
  }
  if ('sandbox_install_compatible' in manifest && typeof manifest.sandbox_install_compatible !== 'boolean') {
    problems.push('sandbox_install_compatible must be true or false');
  }
  return problems;
}

function redirectUris(manifest: Manifest): string[] {
  const redirects = manifest.allowed_redirect_uris;
  if (redirects !== undefined && redirects !== null && !Array.isArray(redirects))
    return ['allowed_redirect_uris must be a list or null'];
  if (!Array.isArray(redirects)) return [];
  return redirects.flatMap((entry, i) =>
    typeof entry !== 'string' || !rules.REDIRECT_URI_PATTERN.test(entry)
      ? [`allowed_redirect_uris[${i}] must be an http(s) URL with a path: ${String(entry)}`]
      : [],
  );
}

function postInstallAction(manifest: Manifest): string[] {
  const action = manifest.post_install_action;
  if (action === undefined || action === null) return [];
  if (!isRecord(action) || !rules.POST_INSTALL_TYPES.includes(String(action.type))) {
    return [`post_install_action.type must be one of ${rules.POST_INSTALL_TYPES.join(', ')}`];
  }
  if (action.type === 'external' && (typeof action.url !== 'string' || !/^https?:\/\//.test(action.url))) {
    return ['post_install_action of type external needs an http(s) url'];
  }
  const allowed = action.type === 'external' ? ['type', 'url'] : ['type'];
  const extra = Object.keys(action).filter((key) => !allowed.includes(key));
  return extra.length ? [`post_install_action has unknown keys: ${extra.join(', ')}`] : [];
}

function noLoopbackInProduction(manifest: Manifest, {production}: RuleContext): string[] {
  if (!production) return [];
  return allStrings(manifest, '')
    .filter(({value}) => /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0)([:/]|$)/i.test(value))
    .map(({path, value}) => `${path} points at this machine (${value}); the production manifest must not`);
}

/** The rules every Stripe app's manifest must pass, in the order their problems are reported. */
export const MANIFEST_RULES: readonly ManifestRule[] = [
  topLevelKeys,
  identity,
  permissions,
  uiExtension,
  views,
  contentSecurityPolicy,
  fetches,
  constants,
  distribution,
  redirectUris,
  postInstallAction,
  noLoopbackInProduction,
];

export interface CheckOptions {
  /** The project folder holding `src/views`. */
  projectDir: string;
  /** Production checks: no localhost or loopback URL anywhere. */
  production?: boolean;
  /** An app's own rules (Keyring passes `KEYRING`); none by default. */
  app?: AppManifestRules;
}

/** Runs `MANIFEST_RULES` and then the app's own rules; each problem is reported once. */
export function checkManifest(manifest: Manifest, options: CheckOptions): string[] {
  const app = options.app ?? {rules: []};
  const context: RuleContext = {projectDir: options.projectDir, production: options.production ?? false, app};
  const problems = [...MANIFEST_RULES, ...app.rules].flatMap((rule) => rule(manifest, context));
  return [...new Set(problems)];
}
