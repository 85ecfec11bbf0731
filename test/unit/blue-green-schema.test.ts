import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BlueGreenDeployInput } from '../../src/schemas/blue-green-deploy';
import { formatIssues } from '../../src/schemas/format-issues';

function errorsOf(input: unknown): string {
  const parsed = BlueGreenDeployInput.safeParse(input);
  assert.equal(parsed.success, false, 'the input should be refused');
  return formatIssues(parsed.error);
}

const deployment = {
  containers: { web: { image: 'nginx:1.27', ports: { '80': 'HTTP' } } },
  publicEndpoint: { containerName: 'web', containerPort: 80 },
};
const inPlace = { strategy: 'in-place', region: 'us-east-1', serviceName: 'shop', deployment };
const blueGreen = {
  strategy: 'blue-green',
  region: 'us-east-1',
  services: ['shop-blue', 'shop-green'],
  distributionName: 'shop-cdn',
  deployment,
};

describe('blueGreenDeploy input schema', () => {
  it('accepts the example input and fills the defaults of a blue-green release', () => {
    const example: unknown = JSON.parse(
      readFileSync(join(__dirname, '../../examples/blue-green-deploy.json'), 'utf8'),
    );
    assert.equal(BlueGreenDeployInput.safeParse(example).success, true);
    const parsed = BlueGreenDeployInput.parse(blueGreen);
    assert.equal(parsed.strategy, 'blue-green');
    if (parsed.strategy !== 'blue-green') return;
    assert.equal(parsed.bakeMinutes, 10);
    assert.equal(parsed.afterBake, 'keep');
    assert.deepEqual(parsed.verification, {
      path: '/',
      expectedStatus: 200,
      checks: 3,
      intervalSeconds: 5,
      timeoutSeconds: 5,
    });
  });

  it('accepts an in-place release', () => {
    assert.equal(BlueGreenDeployInput.safeParse(inPlace).success, true);
  });

  it('refuses a public endpoint naming a container or a port the deployment does not have', () => {
    assert.match(
      errorsOf({
        ...inPlace,
        deployment: { ...deployment, publicEndpoint: { containerName: 'api', containerPort: 80 } },
      }),
      /deployment\.publicEndpoint\.containerName: must be one of the containers \(web\)/,
    );
    assert.match(
      errorsOf({
        ...inPlace,
        deployment: { ...deployment, publicEndpoint: { containerName: 'web', containerPort: 8080 } },
      }),
      /deployment\.publicEndpoint\.containerPort: must be one of container web's ports/,
    );
  });

  it('refuses the same service twice, an unknown strategy and health checks outside Lightsail ranges', () => {
    assert.match(
      errorsOf({ ...blueGreen, services: ['shop', 'shop'] }),
      /services: must be two different services/,
    );
    assert.match(errorsOf({ ...inPlace, strategy: 'canary' }), /strategy/);
    const tooFast = {
      ...deployment,
      publicEndpoint: { ...deployment.publicEndpoint, healthCheck: { intervalSeconds: 1 } },
    };
    assert.match(errorsOf({ ...inPlace, deployment: tooFast }), /healthCheck\.intervalSeconds/);
  });

  it('refuses a container name and a port that break Lightsail rules, and unknown fields', () => {
    const errors = errorsOf({
      ...inPlace,
      deployment: {
        containers: { '-web': { image: 'nginx', ports: { http: 'HTTP' } } },
        publicEndpoint: { containerName: '-web', containerPort: 80 },
      },
      colour: 'blue',
    });
    assert.match(errors, /deployment\.containers/);
    assert.match(errors, /colour/);
  });
});
