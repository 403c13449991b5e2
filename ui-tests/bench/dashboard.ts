import {existsSync} from 'node:fs';
import type {Page} from 'playwright-core';
import {startDashboard} from '../../local/dashboard';
import {locationHref} from '../../local/dashboard/navigation';
import {CHROMIUM, launchBrowser} from '../../local/testing/browser';

/**
 * The local Dashboard in Chromium: how long from starting it (emulator, provider, both bundles, page server) to the
 * first rendered view, and from a click to the updated view (the worker round trip, the Secret Store call and the
 * re-render). Click timings are taken in the page (performance.now, a MutationObserver), so the browser driver's own
 * latency is not counted.
 */
const KEY = 'ec_test_benchK2mQ7xT1pL8vR3nB6yW5z';
const ROUNDS = 5;

/** Clicks the view's button named `label` and resolves with the milliseconds until the view's text includes `expected`. */
function timeClick(page: Page, label: string, expected: string): Promise<number> {
  return page.evaluate(
    ({label, expected}) =>
      new Promise<number>((resolve, reject) => {
        const root = document.querySelector<HTMLElement>('[data-view]');
        const button = [...(root?.querySelectorAll<HTMLElement>('button, a[role="button"]') ?? [])].find(
          (b) => b.textContent?.trim() === label,
        );
        if (!root || !button) {
          reject(new Error(`No button ${label}`));
          return;
        }
        const started = performance.now();
        const observer = new MutationObserver(() => {
          if (root.innerText.includes(expected)) {
            observer.disconnect();
            resolve(performance.now() - started);
          }
        });
        observer.observe(root, {subtree: true, childList: true, characterData: true, attributes: true});
        button.click();
      }),
    {label, expected},
  );
}

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return `median ${median.toFixed(0)} ms, min ${sorted[0].toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms (${samples.length} runs)`;
}

export async function benchDashboard(print: (line: string) => void): Promise<void> {
  print('Local Dashboard (Chromium)');
  if (!existsSync(CHROMIUM)) {
    print(`  skipped: ${CHROMIUM} is not installed (apt-get install -y chromium)`);
    return;
  }
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({viewport: {width: 1280, height: 860}});
    page.setDefaultTimeout(30_000);

    const started = performance.now();
    const dashboard = await startDashboard({port: 0, memory: true, providerPort: 0, watch: false});
    try {
      const ready = performance.now() - started;
      await page.goto(dashboard.url + locationHref({page: 'home', user: 'usr_ada', mode: 'test'}));
      await page.locator('[data-view]').getByText('Not saved', {exact: true}).waitFor();
      const firstView = performance.now() - started;
      print(
        `  start → Dashboard ready         ${ready.toFixed(0).padStart(6)} ms  (views bundle ${dashboard.buildTimes.worker} ms, page bundle ${dashboard.buildTimes.page} ms)`,
      );
      print(`  start → first rendered view     ${firstView.toFixed(0).padStart(6)} ms`);

      const saves: number[] = [];
      const confirms: number[] = [];
      const removes: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        await page.locator('[data-view]').getByLabel('Example Cloud API key').fill(KEY);
        saves.push(await timeClick(page, 'Save key', 'Remove key'));
        confirms.push(await timeClick(page, 'Remove key', 'Yes, remove'));
        removes.push(await timeClick(page, 'Yes, remove', 'Not saved'));
      }
      print(`  click Save key → key saved      ${summary(saves)}`);
      print(`  click Remove key → confirm      ${summary(confirms)}  (no API call: the worker round trip alone)`);
      print(`  click Yes, remove → removed     ${summary(removes)}`);
    } finally {
      await dashboard.close();
    }
  } finally {
    await browser.close();
  }
}
