import {endOfDay, expiryText, formatDateTime, formatRelative} from '../../src/components/format';

/** Relative times for people: days are calendar days, as the absolute date beside them reads. */
const at = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);

describe('formatRelative', () => {
  it('an expiry 3 calendar days ahead reads "in 3 days", whatever the hour', () => {
    // Tuesday 09:00 → Friday 23:59 is 3 days and 15 hours: still three calendar days.
    expect(formatRelative(at('2026-03-13T23:59:00'), at('2026-03-10T09:00:00'), 'en')).toBe('in 3 days');
    expect(formatRelative(at('2026-03-13T00:01:00'), at('2026-03-10T23:00:00'), 'en')).toBe('in 3 days');
  });

  it('tomorrow and yesterday by the calendar; hours below a day', () => {
    expect(formatRelative(at('2026-03-11T23:00:00'), at('2026-03-10T08:00:00'), 'en')).toBe('tomorrow');
    expect(formatRelative(at('2026-03-08T23:00:00'), at('2026-03-10T08:00:00'), 'en')).toBe('2 days ago');
    expect(formatRelative(at('2026-03-10T20:00:00'), at('2026-03-10T08:00:00'), 'en')).toBe('in 12 hours');
  });

  it('months from two months on', () => {
    expect(formatRelative(at('2026-04-24T09:00:00'), at('2026-03-10T09:00:00'), 'en')).toBe('in 45 days');
    expect(formatRelative(at('2026-07-10T09:00:00'), at('2026-03-10T09:00:00'), 'en')).toBe('in 4 months');
  });

  it('expiryText puts the date and the relative time together', () => {
    const now = at('2026-03-10T09:00:00');
    expect(expiryText(at('2026-03-13T23:59:00'), now, 'en')).toMatch(
      /^Expires Mar 13, 2026, 11:59\s?PM \(in 3 days\)$/,
    );
    expect(expiryText(null, now, 'en')).toBe('Never expires');
  });
});

describe('expiryText', () => {
  it('says Expired for a moment that has passed, the moment itself included', () => {
    const now = at('2026-03-10T09:00:00');
    expect(expiryText(now, now, 'en')).toMatch(/^Expired Mar 10, 2026, 9:00\s?AM \(now\)$/);
    expect(expiryText(now - 7200, now, 'en')).toMatch(/^Expired .* \(2 hours ago\)$/);
  });

  it('follows the locale', () => {
    expect(formatDateTime(at('2026-03-10T09:00:00'), 'de')).toMatch(/^10\.03\.2026, 09:00$/);
  });
});

describe('endOfDay (the DateField value)', () => {
  it('is the last second of that day, UTC; an empty field is no expiry', () => {
    expect(endOfDay('2031-02-28')).toBe(Date.UTC(2031, 1, 28, 23, 59, 59) / 1000);
    expect(endOfDay(' 2031/02/28 ')).toBe(Date.UTC(2031, 1, 28, 23, 59, 59) / 1000);
    expect(endOfDay('')).toBeUndefined();
    expect(endOfDay('   ')).toBeUndefined();
  });

  it.each([
    '2031-02-30',
    '2031-13-01',
    '2031-00-10',
    '2031-01-32',
    '2031-03-00',
    '28.02.2031',
    '2031-2-28',
    'tomorrow',
  ])('%s is not a date (NaN)', (value) => {
    expect(endOfDay(value)).toBeNaN();
  });
});
