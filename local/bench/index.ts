import {benchEmulator} from './emulator';
import {benchViews} from './views';

/** `npm run bench`: prints figures for each part; exits non-zero when a target is missed. */
async function main(): Promise<void> {
  const print = (line: string) => console.log(line);
  const quick = process.argv.includes('--quick');
  const results: boolean[] = [];
  results.push(await benchEmulator(print, {users: quick ? 1_000 : 10_000}));
  print('');
  results.push(await benchViews(print));
  if (results.includes(false)) {
    console.log('\nbench: at least one target was missed (see above)');
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
