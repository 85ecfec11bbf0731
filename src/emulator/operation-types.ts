/**
 * The operationType values the emulator may answer: the service model's OperationType enum
 * (service-model.json; test/unit/operation-types.test.ts keeps this list equal to it), and the
 * few Lightsail answers although the enum lacks them. Operation records are typed with it, so a
 * value outside both does not compile.
 */
export const MODEL_OPERATION_TYPES = [
  'DeleteKnownHostKeys',
  'DeleteInstance',
  'CreateInstance',
  'StopInstance',
  'StartInstance',
  'RebootInstance',
  'OpenInstancePublicPorts',
  'PutInstancePublicPorts',
  'CloseInstancePublicPorts',
  'AllocateStaticIp',
  'ReleaseStaticIp',
  'AttachStaticIp',
  'DetachStaticIp',
  'UpdateDomainEntry',
  'DeleteDomainEntry',
  'CreateDomain',
  'DeleteDomain',
  'CreateInstanceSnapshot',
  'DeleteInstanceSnapshot',
  'CreateInstancesFromSnapshot',
  'CreateLoadBalancer',
  'DeleteLoadBalancer',
  'AttachInstancesToLoadBalancer',
  'DetachInstancesFromLoadBalancer',
  'UpdateLoadBalancerAttribute',
  'CreateLoadBalancerTlsCertificate',
  'DeleteLoadBalancerTlsCertificate',
  'AttachLoadBalancerTlsCertificate',
  'CreateDisk',
  'DeleteDisk',
  'AttachDisk',
  'DetachDisk',
  'CreateDiskSnapshot',
  'DeleteDiskSnapshot',
  'CreateDiskFromSnapshot',
  'CreateRelationalDatabase',
  'UpdateRelationalDatabase',
  'DeleteRelationalDatabase',
  'CreateRelationalDatabaseFromSnapshot',
  'CreateRelationalDatabaseSnapshot',
  'DeleteRelationalDatabaseSnapshot',
  'UpdateRelationalDatabaseParameters',
  'StartRelationalDatabase',
  'RebootRelationalDatabase',
  'StopRelationalDatabase',
  'EnableAddOn',
  'DisableAddOn',
  'PutAlarm',
  'GetAlarms',
  'DeleteAlarm',
  'TestAlarm',
  'CreateContactMethod',
  'GetContactMethods',
  'SendContactMethodVerification',
  'DeleteContactMethod',
  'CreateDistribution',
  'UpdateDistribution',
  'DeleteDistribution',
  'ResetDistributionCache',
  'AttachCertificateToDistribution',
  'DetachCertificateFromDistribution',
  'UpdateDistributionBundle',
  'SetIpAddressType',
  'CreateCertificate',
  'DeleteCertificate',
  'CreateContainerService',
  'UpdateContainerService',
  'DeleteContainerService',
  'CreateContainerServiceDeployment',
  'CreateContainerServiceRegistryLogin',
  'RegisterContainerImage',
  'DeleteContainerImage',
  'CreateBucket',
  'DeleteBucket',
  'CreateBucketAccessKey',
  'DeleteBucketAccessKey',
  'UpdateBucketBundle',
  'UpdateBucket',
  'SetResourceAccessForBucket',
  'UpdateInstanceMetadataOptions',
  'StartGUISession',
  'StopGUISession',
  'SetupInstanceHttps',
  'GetProfile',
  'CreateSubdomain',
  'UpdateSubdomainAssociation',
  'DeleteSubdomain',
] as const;

/**
 * Values AWS answers that the model's enum lacks (the enum is not exhaustive), each seen in a
 * published answer of the real service: the API reference's CopySnapshot example; the AWS CLI
 * reference's examples of create-key-pair, delete-key-pair, create-domain-entry,
 * delete-auto-snapshot, peer-vpc and unpeer-vpc.
 */
export const ANSWERED_BEYOND_THE_MODEL = [
  'CopySnapshot',
  'CreateKeyPair',
  'DeleteKeyPair',
  'CreateDomainEntry',
  'DeleteAutoSnapshot',
  'PeeredVpc',
  'UnpeeredVpc',
] as const;

/**
 * Actions whose operations no published answer shows and the enum has no value for. Lightsail
 * names an operation after its action wherever an answer shows one (every value above), so the
 * emulator does the same here; the conformance test allows these by name, with this reason.
 */
export const UNPUBLISHED_ACTION_NAMES = [
  'ImportKeyPair',
  'TagResource',
  'UntagResource',
  'ExportSnapshot',
  'CreateCloudFormationStack',
] as const;

export type OperationType =
  | (typeof MODEL_OPERATION_TYPES)[number]
  | (typeof ANSWERED_BEYOND_THE_MODEL)[number]
  | (typeof UNPUBLISHED_ACTION_NAMES)[number];
