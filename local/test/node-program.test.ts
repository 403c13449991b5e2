import {spawnSync} from 'node:child_process';
import {mkdtempSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {nodeProgram, PROGRAM_CACHE} from '../node-program';

/** Our TypeScript programs run as cached bundles (local/node-program.ts): never a stale one. */

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyring-program-'));
});
afterAll(() => {
  rmSync(dir, {recursive: true, force: true});
  const mine = `-${dir.split('/').pop()}-`;
  for (const file of readdirSync(PROGRAM_CACHE).filter((name) => name.includes(mine)))
    rmSync(join(PROGRAM_CACHE, file), {force: true});
});

const run = (args: string[]) => spawnSync(process.execPath, args, {encoding: 'utf8'});

test('a program runs from its bundle, and an edit to any file it imports rebuilds it', async () => {
  const entry = join(dir, 'program.ts');
  writeFileSync(entry, "import {word} from './word';\nconst said: string = word();\nconsole.log(said);\n");
  writeFileSync(join(dir, 'word.ts'), "export const word = (): string => 'first';\n");
  const first = await nodeProgram(entry);
  expect(first).toHaveLength(1);
  expect(first[0].startsWith(PROGRAM_CACHE)).toBe(true);
  expect(run(first).stdout).toBe('first\n');

  // The same inputs: the same bundle, not rebuilt (its file is not rewritten).
  const written = statSync(first[0]).mtimeMs;
  expect(await nodeProgram(entry)).toEqual(first);
  expect(statSync(first[0]).mtimeMs).toBe(written);

  writeFileSync(join(dir, 'word.ts'), "export const word = (): string => 'second';\n");
  const second = await nodeProgram(entry);
  expect(run(second).stdout).toBe('second\n');
});

test('a program that does not bundle runs through tsx, which then reports its error', async () => {
  const entry = join(dir, 'broken.ts');
  writeFileSync(entry, "import {missing} from './nowhere';\nconsole.log(missing);\n");
  expect(await nodeProgram(entry)).toEqual(['--import', 'tsx', entry]);
});
