import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './dev-stack-process';

/** The emulator address the README exports: `npm run dev`'s default port. */
const README_EMULATOR_URL = 'http://127.0.0.1:4570';

/**
 * The variables the README's shell block exports before the line that runs `command`, as a
 * terminal following it would have them. A command that reads Lightsail itself (`dr status`,
 * `runbook plan`) goes to AWS without LIGHTSAIL_ENDPOINT, so a test that ran it with the endpoint
 * given by hand would pass while the README, followed as written, reads a real account. Taking
 * the variables from the README makes the test fail when the page leaves them out. The README's
 * emulator address is the dev stack's default port; the test stack runs on a free one.
 */
export function readmeExportsBefore(command: string, emulatorUrl: string): NodeJS.ProcessEnv {
  const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n');
  let exports: NodeJS.ProcessEnv = {};
  for (const line of lines) {
    if (/^\s*```/.test(line)) {
      // Each block is a fresh terminal's worth of commands: exports do not carry over.
      exports = {};
      continue;
    }
    const exported = /^export ([A-Z_][A-Z0-9_]*)=(\S+)/.exec(line);
    if (exported) {
      const [, name, value] = exported as unknown as [string, string, string];
      exports[name] = value === README_EMULATOR_URL ? emulatorUrl : value;
      continue;
    }
    if (line.replace(/\s+#.*$/, '').trim() === `npx lightsail-flows ${command}`) return exports;
  }
  throw new Error(`README.md shows no line \`npx lightsail-flows ${command}\``);
}
