import {ADA, USERS} from '../../local/platform/fixtures';
import {startTestDashboard, type TestDashboard} from './dashboard';

/**
 * One local Dashboard (one emulator) for a whole test file, with fresh data per test: after each test every secret
 * the fixture users can reach is deleted through the backend, faults are cleared and Ada is signed in again.
 * For view-model tests, where starting an emulator per test would cost more than the test.
 */
export function dashboardPerFile(): () => TestDashboard {
  let dashboard: TestDashboard | undefined;
  beforeAll(async () => {
    dashboard = await startTestDashboard();
  });
  afterAll(async () => {
    await dashboard?.close();
  });
  afterEach(async () => {
    if (!dashboard) return;
    dashboard.emulator.clearFaults();
    const scopes = [{type: 'account' as const}, ...USERS.map((user) => ({type: 'user' as const, user: user.id}))];
    for (const scope of scopes) {
      const {data} = await dashboard.backend.apps.secrets.list({scope, limit: 100});
      for (const secret of data) await dashboard.backend.apps.secrets.deleteWhere({scope, name: secret.name});
    }
    if (dashboard.user !== ADA) await dashboard.signIn(ADA);
    dashboard.host.requests.length = 0;
  });
  return () => {
    if (!dashboard) throw new Error('the Dashboard is not running');
    return dashboard;
  };
}
