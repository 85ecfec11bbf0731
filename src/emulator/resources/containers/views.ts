import { ACCOUNT_ID } from '../../catalog';
import {
  deploymentState,
  currentDeployment,
  nextDeployment,
  serviceState,
  serviceStateDetail,
} from './lifecycle';
import { powerOf } from './powers';
import type { StoredContainerService, StoredDeployment } from './types';

/** http://localhost:<port>/: the service's own loopback listener, standing in for its default domain. */
export const serviceUrl = (s: StoredContainerService) => `http://localhost:${s.port}/`;

export function deploymentView(s: StoredContainerService, d: StoredDeployment, now: number) {
  return {
    containers: d.containers,
    createdAt: d.createdAtMs / 1000,
    ...(d.publicEndpoint ? { publicEndpoint: d.publicEndpoint } : {}),
    state: deploymentState(s, d, now),
    version: d.version,
  };
}

export function containerServiceView(s: StoredContainerService, region: string, now: number) {
  const current = currentDeployment(s, now);
  const next = nextDeployment(s, now);
  const stateDetail = serviceStateDetail(s, now);
  return {
    arn: s.arn,
    containerServiceName: s.name,
    createdAt: s.createdAtMs / 1000,
    ...(current ? { currentDeployment: deploymentView(s, current, now) } : {}),
    isDisabled: s.isDisabled,
    location: { availabilityZone: 'all', regionName: region },
    ...(next ? { nextDeployment: deploymentView(s, next, now) } : {}),
    power: s.power,
    powerId: powerOf(s.power).powerId,
    principalArn: `arn:aws:iam::${ACCOUNT_ID}:role/amazon/lightsail/${region}/containers/${s.name}/${s.supportCode.split('/')[1]}`,
    privateDomainName: `${s.name}.service.local`,
    publicDomainNames: s.publicDomainNames,
    resourceType: 'ContainerService',
    scale: s.scale,
    state: serviceState(s, now),
    ...(stateDetail ? { stateDetail } : {}),
    tags: s.tags,
    url: serviceUrl(s),
  };
}
