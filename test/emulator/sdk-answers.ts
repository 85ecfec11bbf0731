import type { LightsailClient } from '@aws-sdk/client-lightsail';

/**
 * Which command each SDK answer came from. The conformance check asks this so that every answer it
 * checks is the real SDK's answer to the action named, not an object a test assembled (a wrapper
 * around another action's answer, a literal) that could pass where the emulator's answer would not.
 */
const ANSWERED_BY = new WeakMap<object, string>();

/** Records each answer `client` gives with the name of the command that asked for it. */
export function recordSdkAnswers(client: LightsailClient): LightsailClient {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (typeof result.output === 'object' && result.output !== null && context.commandName) {
        ANSWERED_BY.set(result.output, context.commandName);
      }
      return result;
    },
    // The outermost step: its output is the very object `send` resolves to.
    { step: 'initialize', name: 'recordConformanceAnswer' },
  );
  return client;
}

/** The command `output` answered (e.g. GetInstanceCommand), if a recording client answered it. */
export function answeredBy(output: object): string | undefined {
  return ANSWERED_BY.get(output);
}
