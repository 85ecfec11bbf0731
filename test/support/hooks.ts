import { stopTestStack } from './stack';

/** Mocha root hooks: stop the shared dev server, emulator and workers once every test has run. */
export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await stopTestStack();
  },
};
