/**
 * Runs a slow step (a download, a build, a wait for another process's build) and tells the user
 * what it is doing: one line at the start, a line with the elapsed seconds every `everyMs`, so a
 * silent `go install` or download does not look hung, and the total at the end.
 */
export async function withElapsedTime<T>(
  log: (line: string) => void,
  what: string,
  task: () => Promise<T>,
  everyMs = 10_000,
): Promise<T> {
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  log(`${what}...`);
  const ticker = setInterval(() => log(`${what}: ${seconds()} s so far`), everyMs);
  // A tick must never keep the process alive on its own.
  ticker.unref();
  try {
    const result = await task();
    log(`${what}: done in ${seconds()} s`);
    return result;
  } catch (err) {
    log(`${what}: failed after ${seconds()} s`);
    throw err;
  } finally {
    clearInterval(ticker);
  }
}
