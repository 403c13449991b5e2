/**
 * The views frame the page's HTML starts (html.ts), before the page's script has even loaded: the frame's process and
 * its worker (the app's bundle) load beside the page's own script, and the page's first view takes it (view-host.tsx).
 */
export const PRESTARTED_FRAME = 'ld-views-frame';
