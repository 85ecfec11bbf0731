/**
 * The plain script's side of the capacity scenario, in a process of its own so that its memory
 * and CPU can be read like the worker's: `count` copies of one snapshot, each in its own loop
 * polling every 5 s on a clock of `timeScale`. Prints "waiting" once every loop is waiting; runs
 * until killed.
 */
import { LightsailClient } from '@aws-sdk/client-lightsail';
import { LOCAL_EMULATOR_CREDENTIALS } from '../src/emulator/default-keys';
import { scriptCopy, TARGET } from './baseline';

const [endpoint, snapshotName, count, timeScale] = process.argv.slice(2);
// What a script would make: one SDK client, nothing of this project's worker.
const target = new LightsailClient({
  region: TARGET,
  endpoint,
  credentials: LOCAL_EMULATOR_CREDENTIALS,
  maxAttempts: 1,
});
let waiting = 0;
for (let i = 0; i < Number(count); i++) {
  void scriptCopy(target, {
    snapshotName: snapshotName!,
    targetName: `${snapshotName}-cap-sh-${i}`,
    timeScale: Number(timeScale),
    onWaiting: () => {
      if (++waiting === Number(count)) console.log('waiting');
    },
  }).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
