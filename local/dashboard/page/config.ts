import type {PageConfig} from '../html';

/** What the page server tells the page (a JSON script in the HTML), and where the page keeps its own state. */
export const config = JSON.parse(document.getElementById('ld-config')?.textContent ?? '{}') as PageConfig;
export const STORAGE = 'local-dashboard';

/** Where one Dashboard user's PKCE verifiers wait, in localStorage (see local/platform/verifier-store.ts). */
export const verifierPrefix = (user: string, mode: string) => `${STORAGE}:verifier:${user}:${mode}:`;
