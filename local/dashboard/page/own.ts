/**
 * A lookup by a name that came from a view: only the table's own entries. `table[name]` would also find what every
 * object inherits (`constructor`, `toString`, `__proto__` …), which a view can name on purpose.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: unknown): T | undefined {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
