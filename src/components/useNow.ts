import {useEffect, useState} from 'react';
import {nowInSeconds} from '../secrets';

/** Longest wait setTimeout supports (about 24.8 days). */
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * The current time in unix seconds, re-read at each moment in `moments` as it passes (an expiry, the start of a
 * warning window), so a secret that expires while the page is open shows as expired without a reload.
 */
export function useNow(moments: readonly number[]): number {
  const [now, setNow] = useState(nowInSeconds);
  const next = Math.min(...moments.filter((m) => m > now));
  useEffect(() => {
    if (!Number.isFinite(next)) return;
    const timer = setTimeout(
      () => setNow(nowInSeconds()),
      Math.min(MAX_TIMEOUT_MS, (next - nowInSeconds()) * 1000 + 50),
    );
    // A clock for the display never keeps a process alive on its own (Node tests, the local host's worker).
    (timer as unknown as {unref?: () => void}).unref?.();
    return () => clearTimeout(timer);
  }, [next]);
  return now;
}
