import type {UserInfo} from './protocol';

/**
 * The OAuth connection as a view sees it, as a pure state machine: `transition(state, event)` is the whole table, and
 * the hook (`useConnection`, src/pages/drawer) only runs the work each state stands for and reports how it ended.
 *
 *   idle | connected | failed | revoked  --exchange-->   exchanging   (back from the provider with a code)
 *   idle | connected | failed | revoked  --check-->      checking     (Check connection, or on opening when saved)
 *   idle | connected | failed | revoked  --disconnect--> disconnecting
 *   idle | connected | failed | revoked  --refused-->    failed       (the provider's return said no; nothing sent)
 *   exchanging | checking                --succeeded-->  connected    (with who, when the provider said)
 *   disconnecting                        --disconnected--> idle
 *   exchanging | checking | disconnecting --failed-->    failed, or revoked (tokens revoked but not removed)
 *
 * Anything else leaves the state as it is: a second start while one is running (a double press), or the late result
 * of work that no longer matters.
 */
export type OAuthState =
  | {name: 'idle'}
  | {name: 'exchanging'}
  | {name: 'checking'}
  | {name: 'connected'; who?: UserInfo}
  | {name: 'disconnecting'}
  | {name: 'failed'; message: string}
  /** Disconnect revoked the tokens at the provider but could not delete the secret: it holds dead tokens. */
  | {name: 'revoked'; message: string};

export type OAuthEvent =
  | {type: 'exchange'}
  | {type: 'check'}
  | {type: 'disconnect'}
  | {type: 'refused'; message: string}
  | {type: 'succeeded'; who?: UserInfo}
  | {type: 'disconnected'}
  | {type: 'failed'; message: string; revoked?: boolean};

const RUNNING = {exchange: 'exchanging', check: 'checking', disconnect: 'disconnecting'} as const;

export function isBusy(state: OAuthState): boolean {
  return state.name === 'exchanging' || state.name === 'checking' || state.name === 'disconnecting';
}

export function transition(state: OAuthState, event: OAuthEvent): OAuthState {
  const busy = isBusy(state);
  switch (event.type) {
    case 'exchange':
    case 'check':
    case 'disconnect':
      return busy ? state : {name: RUNNING[event.type]};
    case 'refused':
      return busy ? state : {name: 'failed', message: event.message};
    case 'succeeded':
      return state.name === 'exchanging' || state.name === 'checking' ? {name: 'connected', who: event.who} : state;
    case 'disconnected':
      return state.name === 'disconnecting' ? {name: 'idle'} : state;
    case 'failed':
      if (!busy) return state;
      return event.revoked ? {name: 'revoked', message: event.message} : {name: 'failed', message: event.message};
  }
}
