/**
 * The table in docs/emulator.md of which Lightsail actions the emulator implements, by resource family.
 * `npm run docs:emulator-actions` writes it between the markers; a test keeps it current.
 */

export const TABLE_START = '<!-- emulator-actions:start -->';
export const TABLE_END = '<!-- emulator-actions:end -->';

/** The first family whose pattern an action's name matches; the order settles overlaps. */
const FAMILIES: [string, RegExp][] = [
  ['Load balancers', /LoadBalancer/],
  ['Databases', /RelationalDatabase/],
  ['Container services', /Container/],
  ['Distributions', /Distribution/],
  ['Domains', /Domain/],
  ['Certificates', /Certificate/],
  ['Buckets', /Bucket/],
  ['Static IPs', /StaticIp/],
  ['Key pairs', /KeyPair/],
  ['Export to EC2', /ExportSnapshot|CloudFormation/],
  ['Snapshots and add-ons', /AutoSnapshot|AddOn|CopySnapshot/],
  ['Disks', /Disk/],
  ['Instances', /Instance/],
  ['Alarms and notifications', /Alarm|ContactMethod|Notification/],
  ['Operations', /Operation/],
  ['Tags', /Tag|Untag/],
  ['Catalogues', /Region|Blueprint|Bundle/],
  ['VPC peering', /Vpc/],
];
const OTHER = 'Account and other';

export function familyOf(action: string): string {
  return FAMILIES.find(([, pattern]) => pattern.test(action))?.[0] ?? OTHER;
}

export function coverageTable(reference: string[], implemented: string[]): string {
  const done = new Set(implemented);
  const families = [...FAMILIES.map(([name]) => name), OTHER];
  const rows = families
    .map((family) => {
      const actions = reference.filter((a) => familyOf(a) === family).sort();
      const yes = actions.filter((a) => done.has(a));
      const no = actions.filter((a) => !done.has(a));
      return actions.length === 0
        ? undefined
        : `| ${family} | ${yes.length} of ${actions.length} | ${yes.join(', ') || '-'} | ${no.join(', ') || '-'} |`;
    })
    .filter((row): row is string => row !== undefined);
  const total = reference.filter((a) => done.has(a)).length;
  return [
    TABLE_START,
    `The emulator implements **${total} of the ${reference.length} actions** of the Lightsail service model.`,
    '',
    '| family | implemented | actions | not yet (answer `UnknownOperationException`) |',
    '| --- | --- | --- | --- |',
    ...rows,
    TABLE_END,
  ].join('\n');
}

/** The table in docs/emulator.md, compared without the padding that prettier adds to markdown tables. */
export function tableIn(doc: string): string {
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  if (start < 0 || end < start)
    throw new Error(`docs/emulator.md has no ${TABLE_START} ... ${TABLE_END} markers`);
  return normalize(doc.slice(start, end + TABLE_END.length));
}

export function normalize(table: string): string {
  return table
    .split('\n')
    .map((line) => line.replace(/ +/g, ' ').replace(/-{3,}/g, '---').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** docs/emulator.md with its table replaced by `table`. */
export function withTable(doc: string, table: string): string {
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  if (start < 0 || end < start)
    throw new Error(`docs/emulator.md has no ${TABLE_START} ... ${TABLE_END} markers`);
  return doc.slice(0, start) + table + doc.slice(end + TABLE_END.length);
}
