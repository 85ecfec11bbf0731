/**
 * The AWS Regions where Lightsail runs, as the API reference enumerates them (CopySnapshot's
 * sourceRegion). Input schemas accept exactly these, so a typo fails at the edge.
 */
export const LIGHTSAIL_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'ca-central-1',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'eu-north-1',
] as const;

export type LightsailRegion = (typeof LIGHTSAIL_REGIONS)[number];
