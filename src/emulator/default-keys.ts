/**
 * The access key the emulator accepts unless told otherwise, and that the dev stack and tests
 * sign with. Documented, not secret: it only opens the local emulator.
 */
export const LOCAL_EMULATOR_CREDENTIALS = {
  accessKeyId: 'lightsail-flows-local',
  secretAccessKey: 'local-secret',
};
