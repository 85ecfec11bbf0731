/** A run's duration for people: "4.2 s" under a minute, "3 min 12 s" above; up to now while it runs. */
export function runDuration(startedAt: string, closedAt?: string): string {
  const ms = (closedAt ? Date.parse(closedAt) : Date.now()) - Date.parse(startedAt);
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
