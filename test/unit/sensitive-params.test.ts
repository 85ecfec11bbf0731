import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { sensitivePaths, type ServiceModel } from '../../src/emulator/reference/sensitive-paths';
import { DEFAULT_SERVICE_MODEL, SENSITIVE_PARAMS_FILE } from '../../scripts/write-sensitive-params';

describe('The request parameters the service model marks sensitive', () => {
  it('are listed in sensitive-params.json as the shared service model has them (npm run reference:sensitive rewrites it)', function () {
    // The model lives next to the project (../shared/reference), not in it.
    if (!existsSync(DEFAULT_SERVICE_MODEL)) this.skip();
    const model = JSON.parse(readFileSync(DEFAULT_SERVICE_MODEL, 'utf8')) as ServiceModel;
    assert.deepEqual(JSON.parse(readFileSync(SENSITIVE_PARAMS_FILE, 'utf8')), sensitivePaths(model));
  });

  it('are found through structures, lists and map values, by a sensitive shape or a sensitive member, without looping on recursive shapes', () => {
    const model: ServiceModel = {
      operations: {
        Deploy: { input: { shape: 'DeployRequest' } },
        Plain: { input: { shape: 'PlainRequest' } },
      },
      shapes: {
        Secret: { type: 'string', sensitive: true },
        string: { type: 'string' },
        DeployRequest: {
          type: 'structure',
          members: {
            password: { shape: 'Secret' },
            note: { shape: 'string', sensitive: true },
            containers: { shape: 'ContainerMap' },
            logins: { shape: 'LoginList' },
            tree: { shape: 'Tree' },
          },
        },
        ContainerMap: { type: 'map', value: { shape: 'Container' } },
        Container: { type: 'structure', members: { token: { shape: 'Secret' }, image: { shape: 'string' } } },
        LoginList: { type: 'list', member: { shape: 'Login' } },
        Login: { type: 'structure', members: { key: { shape: 'Secret' } } },
        Tree: { type: 'structure', members: { child: { shape: 'Tree' }, pin: { shape: 'Secret' } } },
        PlainRequest: { type: 'structure', members: { name: { shape: 'string' } } },
      },
    };
    assert.deepEqual(sensitivePaths(model), {
      Deploy: [
        ['password'],
        ['note'],
        ['containers', '{}', 'token'],
        ['logins', '[]', 'key'],
        ['tree', 'pin'],
      ],
    });
  });
});
