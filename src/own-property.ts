/**
 * A record's own value for a key people typed. A plain `record[key]` answers `constructor`,
 * `toString` or `__proto__` with what every object inherits, which then fails far away as a
 * TypeError; this answers undefined, so the caller refuses the name like any unknown one.
 */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
