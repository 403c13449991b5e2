import type {Prepared} from './catalog';

/** What local/test/e2e/examples.test.ts measured for one example. */
export interface Measured {
  name: string;
  prepared?: Prepared;
  views: {
    component: string;
    viewport: string;
    page: string | null;
    rendered: boolean;
    placeholders: string[];
    notices: string[];
  }[];
  action?: {what: string; expected: boolean; ok: boolean; outcome: string};
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The README's compatibility table, one row per example, from what the test measured. */
export function examplesTable(results: readonly Measured[]): string {
  const rows = results.map((r) => {
    const p = r.prepared;
    const versions = p?.installed ? `${p.sdk ?? '?'} / ${p.stripe ?? '—'}` : '—';
    const install = p
      ? p.installed
        ? p.steps.map((s) => `\`${s.what}\``).join(', ')
        : `failed: ${p.error ?? 'unknown'}`
      : 'not prepared';
    const views = r.views
      .map((v) => {
        const state = v.rendered ? 'renders' : 'does not render';
        const errors = v.notices
          .filter((n) => !n.startsWith('build:'))
          .map((n) =>
            n
              .replace(/^(\w+): (Error: )?/, '$1: ')
              .replace(/Blocked by the app's Content Security Policy: /, '')
              .replace(/\.? (Please see|Add ").*$/, ''),
          );
        const extra =
          (v.placeholders.length ? ` (placeholders: ${v.placeholders.join(', ')})` : '') +
          (errors.length ? ` — ${errors.join('; ')}` : '');
        return `${v.component} on \`${v.page ?? 'no page'}\`: ${state}${extra}`;
      })
      .join('; ');
    const action = r.action
      ? `${r.action.what}: ${r.action.ok ? r.action.outcome : `fails — ${r.action.outcome}`}`
      : '—';
    return `| ${cell(r.name)} | ${cell(versions)} | ${cell(install)} | ${cell(views || '—')} | ${cell(action)} |`;
  });
  return [
    '| example | SDK / stripe-node installed | install | views (page: what renders) | main action: what works |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
