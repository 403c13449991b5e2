import {spawn} from 'node:child_process';

/**
 * `node together.mjs '<command>' …`: runs the commands at the same time and fails when any fails. `npm test` runs lint
 * and typecheck beside the tests: each is one busy core for a while, and the tests spend much of their time waiting on
 * servers and browsers they started, so running them one after another left a core idle. The last command's output
 * streams; the others' is held and printed when each ends, so lines never interleave.
 */
const commands = process.argv.slice(2);
if (commands.length === 0) {
  console.error('usage: node together.mjs <command> [<command> …]');
  process.exit(2);
}

const runs = commands.map(
  (command, i) =>
    new Promise((done) => {
      const streamed = i === commands.length - 1;
      const child = spawn(command, {shell: true, stdio: streamed ? 'inherit' : ['ignore', 'pipe', 'pipe']});
      let held = '';
      child.stdout?.on('data', (chunk) => (held += chunk));
      child.stderr?.on('data', (chunk) => (held += chunk));
      child.on('close', (code, signal) => {
        const status = code ?? (signal ? 1 : 0);
        if (!streamed) process.stdout.write(`> ${command}: ${status === 0 ? 'ok' : `failed (${status})`}\n${held}`);
        done(status);
      });
    }),
);

const statuses = await Promise.all(runs);
const failed = commands.filter((_, i) => statuses[i] !== 0);
if (failed.length > 0) console.error(`failed: ${failed.join(', ')}`);
process.exitCode = failed.length > 0 ? 1 : 0;
