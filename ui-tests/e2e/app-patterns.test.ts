import {fixtureApp, OLD_PACKAGES, type FixtureApp} from './fixture-apps';
import {openSession, view, type Session} from './support';

/**
 * Patterns from Stripe's own example apps, each reproduced by a fixture app written here and opened with `--app`:
 * the CommonJS SDK 8, stripe-node 9 in a view, a full-page app with routes, and a settings view under the SDK's router.
 * Each test opens the app and uses its main action.
 */

async function withApp(app: FixtureApp, run: (session: Session) => Promise<void>): Promise<void> {
  const session = await openSession({appDir: app.dir});
  try {
    await run(session);
  } finally {
    await session.close();
    app.remove();
  }
}

test('a CommonJS SDK 8 app renders with one remote-ui and its button works', async () => {
  await withApp(fixtureApp('sdk8-cjs', OLD_PACKAGES.sdk8), async (session) => {
    const {page} = session;
    await session.open({page: 'home', user: 'usr_dana'});
    await view(page).getByText('Signed in as Dana Developer').waitFor();
    await view(page).getByText('Pressed 0 times').waitFor();
    await view(page).getByRole('button', {name: 'Count'}).click();
    await view(page).getByText('Pressed 1 times').waitFor();
    await page.locator('.ld-toast[data-type="success"]').getByText('Counted with SDK 8').waitFor();
    expect(await page.locator('[data-notice]').count()).toBe(0);
    expect(session.consoleLines.filter((line) => /remote-ui|View error/.test(line))).toEqual([]);
  });
});

test('a view bundling stripe-node 9 builds and round-trips a secret through the emulator', async () => {
  await withApp(fixtureApp('stripe9-secrets', OLD_PACKAGES.stripe9), async (session) => {
    const {page} = session;
    await session.open({page: 'home', user: 'usr_ada'});
    await view(page).getByLabel('Name').fill('fixture.note');
    await view(page).getByLabel('Note').fill('remember the milk');
    await view(page).getByRole('button', {name: 'Save note'}).click();
    await view(page).getByText('Saved; the scope holds fixture.note').waitFor();
    // What stripe-node 9 sent is what the emulator stored, in Ada's own scope.
    const stored = await session.backend.apps.secrets.find({scope: {type: 'user', user: 'usr_ada'}, name: 'fixture.note', expand: ['payload']});
    expect(stored.payload).toBe('remember the milk');
    expect(await page.locator('[data-notice]').count()).toBe(0);
  });
});
