import type {PageConfig} from '../html';

/** What the page server tells the page (a JSON script in the HTML), and where the page keeps its own state. */
export const config = JSON.parse(document.getElementById('ld-config')?.textContent ?? '{}') as PageConfig;
export const STORAGE = 'local-dashboard';
