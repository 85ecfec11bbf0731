// Talks to a running emulator with the AWS SDK for JavaScript v3, as any program would:
//   npx lightsail-flows emulator --seed        (in another terminal)
//   node examples/emulator-client.mjs
import { GetInstancesCommand, GetInstanceSnapshotsCommand, LightsailClient } from '@aws-sdk/client-lightsail';

const lightsail = new LightsailClient({
  region: 'us-east-1',
  endpoint: process.env.LIGHTSAIL_ENDPOINT ?? 'http://127.0.0.1:4570',
  // The emulator's documented local key; real AWS keys are never needed here.
  credentials: { accessKeyId: 'lightsail-flows-local', secretAccessKey: 'local-secret' },
});

const { instances = [] } = await lightsail.send(new GetInstancesCommand({}));
for (const instance of instances) console.log(`instance ${instance.name}: ${instance.state?.name}`);
const { instanceSnapshots = [] } = await lightsail.send(new GetInstanceSnapshotsCommand({}));
for (const snapshot of instanceSnapshots) console.log(`snapshot ${snapshot.name}: ${snapshot.state}`);
