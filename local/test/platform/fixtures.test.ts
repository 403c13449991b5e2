import {VIEWPORTS} from '../../manifest/rules';
import {objectKindOf, SAMPLE_OBJECTS, sampleObjectContext, USERS} from '../../platform/fixtures';

/** The fake Dashboard's fixtures follow the manifest schema's viewports: a sample object for every object viewport. */

test('every detail viewport of the schema, page modules included, opens on a sample object of its kind', () => {
  const details = VIEWPORTS.filter((v) => /\.detail(\.page-module)?$/.test(v));
  expect(details.length).toBeGreaterThan(0);
  for (const viewport of details) {
    const kind = objectKindOf(viewport);
    expect([viewport, kind]).toEqual([viewport, viewport.split('.')[2]]);
    expect(sampleObjectContext(viewport)).toEqual({id: SAMPLE_OBJECTS[kind!].id, object: SAMPLE_OBJECTS[kind!].object});
  }
});

test('every sample object belongs to a detail viewport the schema has', () => {
  for (const kind of Object.keys(SAMPLE_OBJECTS)) expect(VIEWPORTS).toContain(`stripe.dashboard.${kind}.detail`);
});

test('the other viewports open on no object', () => {
  for (const viewport of [
    ...VIEWPORTS.filter((v) => !v.includes('.detail')),
    'stripe.dashboard.fullpage',
    'stripe.dashboard.nowhere.detail',
  ]) {
    expect([viewport, sampleObjectContext(viewport)]).toEqual([viewport, null]);
  }
});

test('the users are distinct people with built-in roles', () => {
  expect(new Set(USERS.map((u) => u.id)).size).toBe(USERS.length);
  for (const user of USERS) expect(user.roles.length).toBeGreaterThan(0);
});
