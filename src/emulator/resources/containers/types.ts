import type { StoredBase } from '../../state';

/**
 * How long container service work takes on AWS, in seconds (scaled by the clock): a new service
 * is PENDING for minutes, a deployment's health is judged in a few, capacity and domain updates
 * take a couple.
 */
export const CONTAINER_DURATIONS = {
  createService: 300,
  deploy: 180,
  update: 120,
} as const;

export type ContainerPortProtocol = 'HTTP' | 'HTTPS' | 'TCP' | 'UDP';

export interface StoredContainer {
  image: string;
  command: string[];
  environment: Record<string, string>;
  ports: Record<string, ContainerPortProtocol>;
}

export interface StoredHealthCheck {
  healthyThreshold: number;
  intervalSeconds: number;
  path: string;
  successCodes: string;
  timeoutSeconds: number;
  unhealthyThreshold: number;
}

export interface StoredEndpoint {
  containerName: string;
  containerPort: number;
  healthCheck: StoredHealthCheck;
}

export interface StoredDeployment {
  version: number;
  createdAtMs: number;
  containers: Record<string, StoredContainer>;
  publicEndpoint?: StoredEndpoint;
  /** When the health check's verdict is in: ACTIVATING until then. */
  settlesAtMs: number;
  /**
   * The verdict, decided when the deployment is made, from its specification (the EMULATOR_*
   * variables of the public endpoint's container) or from a fault rule.
   */
  outcome: 'ACTIVE' | 'FAILED';
  /** Why it failed, as its log says. */
  failureReason?: string;
}

export interface StoredContainerImage {
  /** `:<service>.<label>.<version>` */
  image: string;
  digest: string;
  createdAtMs: number;
}

export interface StoredLogLine {
  containerName: string;
  createdAtMs: number;
  message: string;
}

export interface StoredContainerService extends StoredBase {
  power: string;
  scale: number;
  isDisabled: boolean;
  publicDomainNames: Record<string, string[]>;
  /** Newest last. Lightsail keeps a set number; the emulator keeps the last 50. */
  deployments: StoredDeployment[];
  /** The last capacity, domain or disabled change: the service is UPDATING until it ends. */
  updateSettlesAtMs?: number;
  images: StoredContainerImage[];
  /** The last version used for each image label, so a deleted image's version is not reused. */
  imageVersions: Record<string, number>;
  /** Deployment lifecycle lines (future ones appear as the clock reaches them). */
  logs: StoredLogLine[];
  /** The loopback port of its listener: its url is http://localhost:<port>/. */
  port: number;
}
