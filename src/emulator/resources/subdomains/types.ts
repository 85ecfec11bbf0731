import type { Tag } from '../../state';

/**
 * Stored subdomains of amazonlightsail.com (us-east-1, as domains and distributions). States
 * derive on read from the times below (see subdomain-view.ts).
 */

/** How long things take on AWS, in seconds, scaled by the clock. */
export const SUBDOMAIN_DURATIONS = {
  create: 60,
  /** Associating, disassociating or transferring. */
  association: 120,
  /** A reservation made by CheckSubdomainAvailability. */
  reservation: 900,
  /** A subdomain moves to another resource at most once in this time. */
  transferLock: 86_400,
} as const;

/** Lightsail's quotas (the model's documentation). */
export const SUBDOMAIN_QUOTA = 30;
export const RESERVATION_QUOTA = 5;

export interface StoredAttachment {
  arn: string;
  name: string;
  attachedAtMs: number;
}

/** An association change in flight: the subdomain is ATTACHING, DETACHING or TRANSFERRING until it settles. */
export interface StoredAssociationChange {
  action: 'ASSOCIATE' | 'DISASSOCIATE' | 'TRANSFER';
  target?: { arn: string; name: string };
  settlesAtMs: number;
}

export interface StoredSubdomain {
  name: string;
  /** Absent while IMPLICIT: held for the account because a nested subdomain needs it. */
  arn?: string;
  createdAtMs: number;
  tags: Tag[];
  implicit: boolean;
  /** CREATING until then. */
  readyAtMs: number;
  /** Set when a fault rule failed its creation: CREATE_FAILED. */
  failed?: boolean;
  attached?: StoredAttachment;
  change?: StoredAssociationChange;
  /** A transfer made now locks the next one until then. */
  transferLockedUntilAtMs?: number;
}

export interface StoredSubdomainReservation {
  /** The top-level subdomain reserved (a nested name reserves its parent). */
  name: string;
  expiresAtMs: number;
}
