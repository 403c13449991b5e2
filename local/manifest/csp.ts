/**
 * A `connect-src` entry allows the URL itself (its query aside), or everything below it when the entry ends with `/`.
 * One rule for the manifest check, the Jest host and the local Dashboard's worker.
 */
export function isAllowedByConnectSrc(url: string, connectSrc: readonly string[] | null | undefined): boolean {
  if (!connectSrc) return false;
  return connectSrc.some((entry) => (entry.endsWith('/') ? url.startsWith(entry) : url.split('?')[0] === entry));
}
