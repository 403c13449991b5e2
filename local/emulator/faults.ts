import {Errors} from './errors';

/**
 * Opt-in failures for tests: the next matching requests answer 429 (rate_limit_error) or a 5xx (api_error) instead of
 * doing anything. Stripe applies no rate limit to a local emulator's callers, so nothing fails unless asked to.
 * The emulator's own `/local/…` endpoints are never affected, so a fault can always be cleared.
 */
export interface FaultSpec {
  status: number;
  /** How many requests fail; default 1. */
  times?: number;
  /** Only requests whose path starts with this, e.g. `/v1/apps/secrets/find`. */
  path?: string;
}

interface Fault {
  status: number;
  remaining: number;
  path: string | undefined;
}

export function checkFault(spec: FaultSpec): Required<Omit<FaultSpec, 'path'>> & Pick<FaultSpec, 'path'> {
  const {status, times = 1, path} = spec;
  if (!Number.isInteger(status) || (status !== 429 && (status < 500 || status > 599)))
    throw Errors.invalidFaultStatus();
  if (!Number.isInteger(times) || times < 1 || times > 1000) throw Errors.invalidFaultTimes();
  if (path !== undefined && !path.startsWith('/')) throw Errors.invalidFaultPath();
  return {status, times, path};
}

export class FaultQueue {
  private faults: Fault[] = [];

  inject(spec: FaultSpec): void {
    const {status, times, path} = checkFault(spec);
    this.faults.push({status, remaining: times, path});
  }

  clear(): number {
    const count = this.faults.length;
    this.faults = [];
    return count;
  }

  /** The status the request at `path` must fail with, if any; uses up one of that fault's times. */
  take(path: string): number | undefined {
    if (path.startsWith('/local/')) return undefined;
    const fault = this.faults.find((f) => f.path === undefined || path.startsWith(f.path));
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault.status;
  }
}
