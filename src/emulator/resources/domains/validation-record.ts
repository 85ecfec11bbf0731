import type { EmulatorState } from '../../state';

/**
 * Whether a certificate's DNS validation record is present in a Lightsail domain of the
 * emulator: a CNAME entry whose name and target match the record's (case and a trailing dot
 * do not matter, as in DNS). Distribution certificates use it, and so do load balancer TLS
 * certificates. Domains live in us-east-1, but every region's store is searched so the
 * answer does not depend on where the caller keeps its certificate.
 */
export function isValidationRecordPresent(
  state: EmulatorState,
  record: { name: string; type?: string; value: string },
): boolean {
  const name = dnsName(record.name);
  const value = dnsName(record.value);
  for (const store of Object.values(state)) {
    for (const domain of Object.values(store.domains)) {
      for (const entry of domain.entries) {
        if (
          entry.type === (record.type ?? 'CNAME') &&
          fullEntryName(entry.name, domain.name) === name &&
          dnsName(entry.target) === value
        ) {
          return true;
        }
      }
    }
  }
  return false;
}

/** A DNS name compared as DNS does: lower case, without the root's trailing dot. */
export function dnsName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** An entry's name as a full name: Lightsail shows full names, but a bare label means one in the domain. */
export function fullEntryName(entryName: string, domainName: string): string {
  const name = dnsName(entryName);
  const domain = dnsName(domainName);
  if (name === '' || name === '@') return domain;
  return name === domain || name.endsWith(`.${domain}`) ? name : `${name}.${domain}`;
}
