import {isBusy, transition, type OAuthEvent, type OAuthState} from '../../src/oauth/machine';

/** The OAuth view's state machine, every state against every event, written out as the table the code must match. */
const who = {sub: 'ada@example.com', name: 'Ada Lovelace', email: 'ada@example.com'};

const STATES: Record<string, OAuthState> = {
  idle: {name: 'idle'},
  exchanging: {name: 'exchanging'},
  checking: {name: 'checking'},
  connected: {name: 'connected', who},
  disconnecting: {name: 'disconnecting'},
  failed: {name: 'failed', message: 'earlier'},
  revoked: {name: 'revoked', message: 'earlier'},
};

const EVENTS: Record<string, OAuthEvent> = {
  exchange: {type: 'exchange'},
  check: {type: 'check'},
  disconnect: {type: 'disconnect'},
  refused: {type: 'refused', message: 'no'},
  succeeded: {type: 'succeeded', who},
  disconnected: {type: 'disconnected'},
  failed: {type: 'failed', message: 'broke'},
  'failed after revoking': {type: 'failed', message: 'half', revoked: true},
};

const same = 'same';
const failedNo: OAuthState = {name: 'failed', message: 'no'};
const failedBroke: OAuthState = {name: 'failed', message: 'broke'};
const revokedHalf: OAuthState = {name: 'revoked', message: 'half'};
const connectedAs: OAuthState = {name: 'connected', who};

/** [state, event, next] — `same` means the state is left exactly as it was (the same object). */
const TABLE: Record<string, Record<string, OAuthState | typeof same>> = {
  idle: {
    exchange: {name: 'exchanging'},
    check: {name: 'checking'},
    disconnect: {name: 'disconnecting'},
    refused: failedNo,
    succeeded: same,
    disconnected: same,
    failed: same,
    'failed after revoking': same,
  },
  exchanging: {
    exchange: same,
    check: same,
    disconnect: same,
    refused: same,
    succeeded: connectedAs,
    disconnected: same,
    failed: failedBroke,
    'failed after revoking': revokedHalf,
  },
  checking: {
    exchange: same,
    check: same,
    disconnect: same,
    refused: same,
    succeeded: connectedAs,
    disconnected: same,
    failed: failedBroke,
    'failed after revoking': revokedHalf,
  },
  connected: {
    exchange: {name: 'exchanging'},
    check: {name: 'checking'},
    disconnect: {name: 'disconnecting'},
    refused: failedNo,
    succeeded: same,
    disconnected: same,
    failed: same,
    'failed after revoking': same,
  },
  disconnecting: {
    exchange: same,
    check: same,
    disconnect: same,
    refused: same,
    succeeded: same,
    disconnected: {name: 'idle'},
    failed: failedBroke,
    'failed after revoking': revokedHalf,
  },
  failed: {
    exchange: {name: 'exchanging'},
    check: {name: 'checking'},
    disconnect: {name: 'disconnecting'},
    refused: failedNo,
    succeeded: same,
    disconnected: same,
    failed: same,
    'failed after revoking': same,
  },
  revoked: {
    exchange: {name: 'exchanging'},
    check: {name: 'checking'},
    disconnect: {name: 'disconnecting'},
    refused: failedNo,
    succeeded: same,
    disconnected: same,
    failed: same,
    'failed after revoking': same,
  },
};

const cases = Object.entries(TABLE).flatMap(([state, row]) =>
  Object.entries(row).map(([event, next]) => [state, event, next] as const),
);

describe('transition(state, event)', () => {
  it('the table covers every state and every event', () => {
    expect(Object.keys(TABLE).sort()).toEqual(Object.keys(STATES).sort());
    for (const row of Object.values(TABLE)) expect(Object.keys(row).sort()).toEqual(Object.keys(EVENTS).sort());
  });

  it.each(cases)('%s --%s-->', (state, event, next) => {
    const before = STATES[state];
    const after = transition(before, EVENTS[event]);
    if (next === same) expect(after).toBe(before);
    else expect(after).toEqual(next);
  });

  it('busy exactly while work runs', () => {
    expect(Object.keys(STATES).filter((name) => isBusy(STATES[name]))).toEqual([
      'exchanging',
      'checking',
      'disconnecting',
    ]);
  });

  it('a double press starts the work once: the second start leaves the running state as it is', () => {
    const first = transition({name: 'connected'}, {type: 'check'});
    expect(transition(first, {type: 'check'})).toBe(first);
    expect(transition(first, {type: 'disconnect'})).toBe(first);
  });
});
