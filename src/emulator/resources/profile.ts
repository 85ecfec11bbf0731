import type { ActionRegistry } from '../registry';

/**
 * GetProfile: the emulated account is an ordinary one, not enrolled in the Lightsail partner
 * program, so it answers the `Lightsailor` profile without partner details, as the model says.
 */
export function registerProfile(registry: ActionRegistry): void {
  registry.register('GetProfile', () => ({ profileType: 'Lightsailor' }), { mutating: false });
}
