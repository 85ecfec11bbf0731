import { nodeRuntimeLine } from '../../src/node-runtime-line';
import { stopDevStackProcess } from './dev-stack-process';
import { stopTestStack } from './stack';

/**
 * Mocha root hooks: say which Node.js runs the tests; stop the shared dev server, emulator and workers, and the `npm run dev`
 * process the README tests run, once every test has run.
 */
export const mochaHooks = {
  beforeAll() {
    // `npm test` says which Node.js runs the tests (CI provisions its own, see .ci/run).
    console.log(nodeRuntimeLine());
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await Promise.all([stopTestStack(), stopDevStackProcess()]);
  },
};
