import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {exitOnError, exitWith, readArgs, usageError} from '../cli';
import {EXAMPLES, type Prepared} from './catalog';
import {installExample} from './install';

/**
 * `npm run examples:prepare -- --stripe-apps <git dir> [--out <dir>] [--only <name>]`: takes each example of the
 * catalog from a clone (or bare mirror) of github.com/stripe/stripe-apps at its commit, installs it as published with
 * the workaround install.ts describes, and writes `<out>/examples.json`. Then `npm run examples:measure -- --dir <out>`
 * opens each in the local Dashboard and writes local/README.md's table. Needs git and the npm registry.
 */
const USAGE = `Usage: npm run examples:prepare -- --stripe-apps <git dir> [--out <dir>] [--only <name>]
  --stripe-apps <dir>  a clone or bare mirror of https://github.com/stripe/stripe-apps (with its history)
  --out <dir>          where the examples go (default .local-data/examples; replaced)
  --only <name>        one example of: ${EXAMPLES.map((e) => e.name).join(', ')}`;

function main(): void {
  const values = readArgs(
    {
      'stripe-apps': {type: 'string'},
      out: {type: 'string'},
      only: {type: 'string'},
      help: {type: 'boolean', short: 'h'},
    },
    USAGE,
  );
  if (!values) return;
  const repo = values['stripe-apps'];
  if (!repo) usageError('--stripe-apps <git dir> is required.', USAGE);
  const out = resolve(values.out ?? join('.local-data', 'examples'));
  const chosen = EXAMPLES.filter((e) => !values.only || e.name === values.only);
  if (!chosen.length) usageError(`No example named ${values.only}.`, USAGE);
  mkdirSync(out, {recursive: true});

  const results: Prepared[] = [];
  for (const example of chosen) {
    const dir = join(out, example.name);
    rmSync(dir, {recursive: true, force: true});
    mkdirSync(dir, {recursive: true});
    // git archive <commit> <path> | tar -x --strip-components: the example's files at that commit, nothing else.
    const depth = example.path.split('/').length;
    const archive = spawnSync(
      'sh',
      [
        '-c',
        `git -C "$0" archive "$1" "$2" | tar -x -C "$3" --strip-components="$4"`,
        repo,
        example.commit,
        example.path,
        dir,
        String(depth),
      ],
      {encoding: 'utf8'},
    );
    const record: Prepared = {
      name: example.name,
      commit: example.commit,
      path: example.path,
      installed: false,
      steps: [],
    };
    if (archive.status !== 0 || !existsSync(join(dir, 'package.json'))) {
      results.push({...record, error: `git archive failed: ${archive.stderr.trim()}`});
      console.log(`${example.name}: could not extract ${example.path} at ${example.commit.slice(0, 7)}`);
      continue;
    }
    const started = performance.now();
    const prepared = installExample(dir, record, example.build);
    results.push(prepared);
    console.log(
      `${example.name}: ${prepared.installed ? `installed (SDK ${prepared.sdk}, stripe-node ${prepared.stripe ?? 'none'})` : 'NOT installed'} in ` +
        `${Math.round((performance.now() - started) / 1000)} s — ${prepared.steps.map((s) => s.what).join('; ')}`,
    );
  }
  // --only replaces that example's record and keeps the others'.
  const file = join(out, 'examples.json');
  const earlier = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Prepared[]) : [];
  const merged = EXAMPLES.map(
    (e) => results.find((r) => r.name === e.name) ?? earlier.find((r) => r.name === e.name),
  ).filter((r): r is Prepared => r !== undefined);
  writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
  console.log(`Wrote ${file}`);
}

new Promise<void>((done) => done(main())).then(() => exitWith(0), exitOnError('examples:prepare'));
