/**
 * The emulator's port is taken. Its message says what to do, so a command line that starts the
 * emulator prints the message alone (src/cli/main.ts does), without a stack.
 */
export class EmulatorPortInUse extends Error {
  constructor(port: number | undefined, options?: { cause?: unknown }) {
    super(`Port ${port} is in use: stop what uses it or choose another port for the emulator.`, options);
    this.name = new.target.name;
  }
}
