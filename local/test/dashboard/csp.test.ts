import {cspSource, pagePolicy, workerPolicy} from '../../dashboard/server/csp';
import {violationMessage} from '../../dashboard/worker/blocked';

/**
 * The policies the browser enforces on a previewed app come from its manifest: a manifest entry must stay one source,
 * never a directive of its own, and what the browser blocks is said with the manifest field to change.
 */

test.each([
  'https://api.example.com/v1/; script-src *',
  'https://api.example.com/v1/ *',
  'https://api.example.com/v1/,https://evil.example/',
  "'unsafe-inline'",
  '*',
  'data:',
  'https://api.example.com/\nscript-src *',
  42,
])('%p is not a source: dropped, never written into the policy', (entry) => {
  expect(cspSource(entry)).toBeUndefined();
  const policy = workerPolicy([entry as string, 'https://api.example.com/v1/']);
  expect(policy).toBe("default-src 'none'; script-src 'unsafe-eval'; connect-src https://api.example.com/v1/");
});

test('no connect-src (null or empty) allows no request at all', () => {
  expect(workerPolicy(null)).toContain("connect-src 'none'");
  expect(workerPolicy([])).toContain("connect-src 'none'");
});

test('the page takes images from image-src (and data:) only', () => {
  expect(pagePolicy(['https://cdn.example.com/img/'], 'http://localhost:4242')).toContain(
    'img-src data: https://cdn.example.com/img/;',
  );
  expect(pagePolicy(null, 'http://localhost:4242')).toContain('img-src data:;');
});

test('a violation in the worker is said with the entry to add, and never its query string', () => {
  const request = violationMessage('connect-src', 'https://beacon.example/collect/x?stolen=t0ps3cret');
  expect(request).toContain('https://beacon.example/collect/x is not allowed by connect-src');
  expect(request).toContain(
    'Add "https://beacon.example/collect/" (or "https://beacon.example/collect/x") to ui_extension.content_security_policy.connect-src',
  );
  expect(request).not.toContain('t0ps3cret');
  expect(violationMessage('script-src-elem', 'https://cdn.example.com/lib.js?k=t0ps3cret')).toBe(
    "Blocked by the app's Content Security Policy: importScripts(https://cdn.example.com/lib.js). A view cannot load code from a server; bundle it with the view.",
  );
  expect(violationMessage('script-src', 'eval')).toBeUndefined();
});
