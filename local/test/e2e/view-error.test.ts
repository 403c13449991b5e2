import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {FIXTURES, openSession, view, type Session} from '../../testing/browser';

/**
 * A view that throws while it renders: the local Dashboard says so once. The render call's rejection and the worker's
 * own error report are the same failure ("boom" and "Error: boom"), and used to show as two "The view failed" banners.
 */
let session: Session;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'local-dashboard-throws-'));
  cpSync(join(FIXTURES, 'fetcher'), dir, {recursive: true});
  const file = join(dir, 'src', 'views', 'FetchDrawer.tsx');
  const source = readFileSync(file, 'utf8');
  const marker = "const [result, setResult] = useState('Nothing fetched yet');";
  expect(source).toContain(marker);
  writeFileSync(
    file,
    source.replace(marker, `${marker}\n  if (result) throw new Error('The fixture view threw while rendering');`),
  );
  session = await openSession({appDir: dir, watch: false});
});

afterAll(async () => {
  await session?.close();
  rmSync(dir, {recursive: true, force: true});
});

test('a view that throws while rendering shows one "The view failed" notice with its message', async () => {
  const {page} = session;
  await session.open({page: 'home', user: 'usr_ada'});
  const notices = page.locator('[data-notice="error"]');
  await notices.first().waitFor();
  // Both reports have arrived once the worker's own (logged as "View error: …") is in.
  if (!session.consoleLines.some((line) => line.startsWith('View error:')))
    await page.waitForEvent('console', {predicate: (line) => line.text().startsWith('View error:'), timeout: 5_000});
  expect(session.consoleLines.some((line) => line.startsWith('View error:'))).toBe(true);
  expect(await notices.allInnerTexts()).toEqual([
    expect.stringMatching(/^The view failed\n(Error: )?The fixture view threw while rendering$/),
  ]);
  expect(await view(page).getByText('Checks connect-src').count()).toBe(0);
});
