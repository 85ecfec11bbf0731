import { stopDevStackProcess } from './dev-stack-process';
import { stopTestStack } from './stack';

/**
 * Mocha root hooks: stop the shared dev server, emulator and workers, and the `npm run dev`
 * process the README tests run, once every test has run.
 */
export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await Promise.all([stopTestStack(), stopDevStackProcess()]);
  },
};
