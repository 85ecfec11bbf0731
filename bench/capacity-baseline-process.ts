/**
 * The plain script's side of the capacity scenario, in a process of its own so that its memory
 * and CPU can be read like the worker's: `count` copies of one snapshot, each in its own loop
 * polling every `pollMs`. Prints "waiting" once every loop is waiting; runs until killed.
 */
import { LOCAL_EMULATOR_CREDENTIALS } from '../src/config';
import { LightsailClients } from '../src/lightsail/clients';
import { baselineCopy } from './baseline';
import { SOURCE, TARGET } from './stack';

const [endpoint, snapshotName, count, pollMs] = process.argv.slice(2);
const clients = new LightsailClients({
  endpoint,
  credentials: LOCAL_EMULATOR_CREDENTIALS,
  sdkMaxAttempts: 1,
});
const target = clients.forRegion(TARGET);
let waiting = 0;
for (let i = 0; i < Number(count); i++) {
  void baselineCopy(target, {
    sourceRegion: SOURCE,
    targetRegion: TARGET,
    snapshotName: snapshotName!,
    targetName: `${snapshotName}-cap-sh-${i}`,
    pollMs: Number(pollMs),
    onWaiting: () => {
      if (++waiting === Number(count)) console.log('waiting');
    },
  }).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
