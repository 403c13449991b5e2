/** Dates for people: absolute in the user's locale, and relative ("in 3 days"). Times are unix seconds. */
export function formatDateTime(seconds: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, {dateStyle: 'medium', timeStyle: 'short'}).format(new Date(seconds * 1000));
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['day', 86_400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** The day number of a moment's calendar date where the dates are shown (the runtime's time zone, as Intl uses). */
function calendarDay(seconds: number): number {
  const date = new Date(seconds * 1000);
  return Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) / 86_400_000;
}

export function formatRelative(seconds: number, nowSeconds: number, locale: string): string {
  const delta = seconds - nowSeconds;
  const format = new Intl.RelativeTimeFormat(locale, {numeric: 'auto'});
  // The largest unit that fits; months only from two months on, so days stay exact up to then ("in 45 days").
  const [unit, size] = UNITS.find(([u, s]) => Math.abs(delta) >= (u === 'month' ? 2 * s : s)) || UNITS[5];
  // Days are calendar days, as the date beside them reads: Friday 23:59 seen on Tuesday 09:00 is "in 3 days", not 4.
  if (unit === 'day') return format.format(calendarDay(seconds) - calendarDay(nowSeconds), unit);
  return format.format(Math.round(delta / size), unit);
}

/** "Never expires", or "Expires <date> (in 3 days)" / "Expired <date> (2 hours ago)". */
export function expiryText(expiresAt: number | null, now: number, locale: string): string {
  if (expiresAt === null) return 'Never expires';
  const verb = expiresAt <= now ? 'Expired' : 'Expires';
  return `${verb} ${formatDateTime(expiresAt, locale)} (${formatRelative(expiresAt, now, locale)})`;
}

/**
 * A DateField value (YYYY-MM-DD) → the end of that day, UTC, in unix seconds; undefined for an empty field, NaN for
 * something that is not a date.
 */
export function endOfDay(value: string): number | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const match = /^(\d{4})[-/](\d{2})[-/](\d{2})$/.exec(trimmed);
  if (!match) return Number.NaN;
  const [, year, month, day] = match.map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, 23, 59, 59));
  // Date.UTC rolls over (February 30 is March 2, month 13 is next January): a date whose month moved was not a date.
  return date.getUTCMonth() === month - 1 ? Math.floor(date.getTime() / 1000) : Number.NaN;
}
