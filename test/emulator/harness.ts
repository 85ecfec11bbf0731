import { LightsailClient } from '@aws-sdk/client-lightsail';
import {
  LOCAL_EMULATOR_CREDENTIALS,
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from '../../src/emulator';
import { EmulatorControl } from '../../src/emulator/control-client';
import { recordSdkAnswers } from './sdk-answers';

/**
 * One emulator for a describe block, reset to the seed before each test, with a real SDK client
 * per region (signed for that region: that is how the emulator tells regions apart).
 */
export interface Harness {
  running: RunningEmulator;
  control: EmulatorControl;
  lightsail(region: string): LightsailClient;
}

/** AWS seconds become milliseconds at this scale: 300 s of cross-region copy take 100 ms. */
export const FAST = 3000;

export function useEmulator(options: EmulatorOptions = {}): Harness {
  const clients = new Map<string, LightsailClient>();
  const harness = {
    lightsail(region: string): LightsailClient {
      let client = clients.get(region);
      if (!client) {
        client = recordSdkAnswers(
          new LightsailClient({
            region,
            endpoint: harness.running.url,
            credentials: LOCAL_EMULATOR_CREDENTIALS,
            maxAttempts: 1,
          }),
        );
        clients.set(region, client);
      }
      return client;
    },
  } as Harness;

  before(async () => {
    harness.running = await startEmulator({ port: 0, timeScale: FAST, seed: true, ...options });
    harness.control = new EmulatorControl(harness.running.url);
  });
  beforeEach(async () => {
    await harness.control.reset({ seed: true });
    await harness.control.setTimeScale(options.timeScale ?? FAST);
  });
  after(async () => {
    for (const client of clients.values()) client.destroy();
    await harness.running.close();
  });
  return harness;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `read` every 10 ms until `done` holds of its result, failing after `timeoutMs`. */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 2000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`still waiting after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await sleep(10);
  }
}
