/**
 * The bundle budget (issue 6). Stripe documents no size limit, yet uploads fail once `ext.js` grows (stripe/stripe-apps
 * #818, #817), and stripe-node alone is most of the bundle. So the budget is relative: the whole bundle may be at most
 * `overFloorRatio` above the floor — a bundle of one empty view using the same stripe-node client, built the same
 * way — and the app's own code (`src/`) at most `appMaxBytes` minified.
 */

export interface Budget {
  /** The most `src/` may add to the minified bundle, in bytes. */
  appMaxBytes: number;
  /** How far above the floor the whole bundle may be: 0.10 is 10%. */
  overFloorRatio: number;
}

export const BUDGET: Budget = {appMaxBytes: 40 * 1024, overFloorRatio: 0.1};

export interface BudgetFigures {
  /** Minified bytes of the bundle. */
  bytes: number;
  /** Minified bytes of `src/` in it. */
  appBytes: number;
  /** Minified bytes of the floor bundle. */
  floorBytes: number;
}

export interface BudgetVerdict {
  appMaxBytes: number;
  overFloorRatio: number;
  /** The largest bundle allowed: the floor plus the ratio, rounded down. */
  maxBytes: number;
  appBytes: number;
  bytes: number;
  floorBytes: number;
  /** The bundle's size over the floor, in percent. */
  overFloorPercent: number;
  ok: boolean;
  problems: string[];
}

export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

export function checkBudget(figures: BudgetFigures, budget: Budget = BUDGET): BudgetVerdict {
  const maxBytes = Math.floor(figures.floorBytes * (1 + budget.overFloorRatio));
  const overFloorPercent = Math.round(((figures.bytes - figures.floorBytes) / figures.floorBytes) * 1000) / 10;
  const problems: string[] = [];
  if (figures.appBytes > budget.appMaxBytes) {
    problems.push(
      `the app's own code (src/) is ${kib(figures.appBytes)} (${figures.appBytes} B) minified, over its budget of ` +
        `${kib(budget.appMaxBytes)} (${budget.appMaxBytes} B)`,
    );
  }
  if (figures.bytes > maxBytes) {
    problems.push(
      `the bundle is ${kib(figures.bytes)} (${figures.bytes} B) minified, ${overFloorPercent}% over the floor of ` +
        `${kib(figures.floorBytes)} (${figures.floorBytes} B); the budget is ${Math.round(budget.overFloorRatio * 100)}% ` +
        `over it: ${kib(maxBytes)} (${maxBytes} B)`,
    );
  }
  return {...budget, maxBytes, ...figures, overFloorPercent, ok: problems.length === 0, problems};
}
