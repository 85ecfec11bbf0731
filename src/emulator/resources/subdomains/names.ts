import { invalidInput } from '../../errors';

/**
 * A subdomain's name as the model documents it: one or two labels separated by a period, each
 * starting and ending with a lowercase letter or number and holding only lowercase letters,
 * numbers and hyphens; 39 characters at most; no `xn--` label; not a reserved name.
 */

const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const MAX_LENGTH = 39;
/** Lightsail reserves some names without listing them; these are the emulator's. */
export const RESERVED_SUBDOMAINS = ['www', 'aws', 'amazon', 'lightsail', 'api', 'admin', 'mail', 'console'];

export function checkSubdomainName(name: string): string {
  const labels = name.split('.');
  if (
    name.length > MAX_LENGTH ||
    labels.length > 2 ||
    !labels.every((label) => LABEL.test(label) && !label.startsWith('xn--'))
  ) {
    throw invalidInput(
      `The subdomain name "${name}" is not valid: use one or two labels separated by a period, each of lowercase letters, numbers and hyphens that starts and ends with a letter or number, ${MAX_LENGTH} characters at most in all.`,
    );
  }
  if (labels.some((label) => RESERVED_SUBDOMAINS.includes(label))) {
    throw invalidInput(`The subdomain name "${name}" is reserved. Choose another name.`);
  }
  return name;
}
