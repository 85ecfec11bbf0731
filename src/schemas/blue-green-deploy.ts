import { z } from 'zod';
import { PollSchedule, Region, ResourceName } from './common';
import { requiredOr } from './messages';
import type { StepTiming } from './progress';

/** The workflow type users type: `temporal workflow start --type blueGreenDeploy`. */
export const BLUE_GREEN_WORKFLOW = 'blueGreenDeploy';

/** The updates a release answers, by name (CLI, API and `temporal workflow update`). */
export const RELEASE_UPDATES = { approve: 'approve', reject: 'reject', rollback: 'rollback' } as const;

/** Lightsail's container name rule (ContainerServiceDeploymentRequest.containers keys). */
const ContainerName = z
  .string()
  .min(1)
  .max(53, 'must be at most 53 characters')
  .regex(
    /^([a-zA-Z0-9]{1,2}|[a-zA-Z0-9][a-zA-Z0-9-]+[a-zA-Z0-9])$/,
    'must be letters, digits and inner hyphens',
  );

const Port = z
  .string()
  .regex(/^\d{1,5}$/, 'ports are numbers written as strings, e.g. "80"')
  .refine((p) => Number(p) >= 1 && Number(p) <= 65535, { error: 'ports are 1-65535' });

export const ContainerSpec = z.strictObject({
  /** A public image ("nginx:1.27") or one registered on the service (":service.label.3"). */
  image: z.string().min(1, 'must name an image'),
  command: z.array(z.string()).optional(),
  environment: z.record(z.string(), z.string()).optional(),
  ports: z.record(Port, z.enum(['HTTP', 'HTTPS', 'TCP', 'UDP'])).optional(),
});

/** Lightsail's health check, with the reference's ranges; Lightsail's defaults apply when omitted. */
export const HealthCheck = z.strictObject({
  path: z.string().startsWith('/', 'must start with /').optional(),
  successCodes: z
    .string()
    .regex(/^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/, 'must be codes or ranges such as "200" or "200-299"')
    .optional(),
  healthyThreshold: z.int().min(2).max(10).optional(),
  unhealthyThreshold: z.int().min(2).max(10).optional(),
  timeoutSeconds: z.int().min(2).max(60).optional(),
  intervalSeconds: z.int().min(5).max(300).optional(),
});

/** The new deployment: what CreateContainerServiceDeployment takes. */
export const DeploymentSpec = z
  .strictObject({
    containers: z
      .record(ContainerName, ContainerSpec)
      .refine((c) => Object.keys(c).length >= 1, { error: 'must have at least one container' }),
    publicEndpoint: z.strictObject({
      containerName: ContainerName,
      containerPort: z.int().min(1).max(65535),
      healthCheck: HealthCheck.optional(),
    }),
  })
  .superRefine((d, ctx) => {
    const container = d.containers[d.publicEndpoint.containerName];
    if (!container) {
      ctx.addIssue({
        code: 'custom',
        path: ['publicEndpoint', 'containerName'],
        message: `must be one of the containers (${Object.keys(d.containers).join(', ')})`,
      });
    } else if (!container.ports?.[String(d.publicEndpoint.containerPort)]) {
      ctx.addIssue({
        code: 'custom',
        path: ['publicEndpoint', 'containerPort'],
        message: `must be one of container ${d.publicEndpoint.containerName}'s ports`,
      });
    }
  });

/** How a release proves it works: GETs of a path, each answering the expected status. */
export const Verification = z.strictObject({
  path: z.string().startsWith('/', 'must start with /').default('/'),
  expectedStatus: z.int().min(100).max(599).default(200),
  /** Consecutive successful checks needed. */
  checks: z.int().min(1).max(100).default(3),
  intervalSeconds: z.number().min(0.05).max(300).default(5),
  /** A check answering later than this fails. */
  timeoutSeconds: z.number().min(0.1).max(60).default(5),
});

const InPlace = z.strictObject({
  strategy: z.literal('in-place'),
  region: Region,
  serviceName: ResourceName,
  deployment: DeploymentSpec,
  verification: Verification.prefault({}),
  poll: PollSchedule.prefault({}),
});

const BlueGreen = z
  .strictObject({
    strategy: z.literal('blue-green'),
    /** Where the services live; the distribution is always in us-east-1. */
    region: Region,
    /** The pair: whichever the distribution's origin is serves now, the other is idle. */
    services: z.tuple([ResourceName, ResourceName], {
      error: requiredOr('must be the two service names [blue, green]'),
    }),
    distributionName: ResourceName,
    deployment: DeploymentSpec,
    verification: Verification.prefault({}),
    approval: z
      .strictObject({
        timeoutMinutes: z
          .number()
          .min(0.01)
          .max(7 * 24 * 60),
      })
      .optional(),
    /** How long health is watched through the distribution after the switch. */
    bakeMinutes: z
      .number()
      .min(0)
      .max(7 * 24 * 60)
      .default(10),
    /** What becomes of the old side after the bake. */
    afterBake: z.enum(['keep', 'scale-down', 'disable']).default('keep'),
    poll: PollSchedule.prefault({}),
  })
  .refine((i) => i.services[0] !== i.services[1], {
    error: 'must be two different services',
    path: ['services'],
  });

export const BlueGreenDeployInput = z.discriminatedUnion('strategy', [InPlace, BlueGreen], {
  error: requiredOr(
    'must have "strategy": "in-place" (with serviceName) or "blue-green" (with services and distributionName)',
  ),
});

export type BlueGreenDeployInput = z.input<typeof BlueGreenDeployInput>;
export type BlueGreenDeployParsedInput = z.output<typeof BlueGreenDeployInput>;
export type DeploymentSpec = z.output<typeof DeploymentSpec>;
export type Verification = z.output<typeof Verification>;

/** Where a release stands, beyond its steps: which side serves, and the checks passed. */
export interface ReleaseState {
  serving?: string;
  idle?: string;
  newVersion?: number;
  previousVersion?: number;
  checksPassed: number;
  approval?: 'waiting' | 'approved' | 'rejected' | 'timed-out';
}

export interface BlueGreenDeployResult {
  strategy: 'in-place' | 'blue-green';
  /** The service serving at the end, and its active deployment's version. */
  serving: string;
  version: number;
  previous?: { service: string; version?: number };
  checksPassed: number;
  steps: StepTiming[];
}
