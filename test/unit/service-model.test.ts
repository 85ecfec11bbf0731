import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compactServiceModel, type FullServiceModel } from '../../src/emulator/reference/service-shapes';
import { DEFAULT_SERVICE_MODEL } from '../../scripts/write-sensitive-params';

describe("The emulator's copy of today's service model", () => {
  it('is service-model.json as the shared model gives it (npm run reference:model rewrites it)', function () {
    // The model lives next to the project (../shared/reference), not in it.
    if (!existsSync(DEFAULT_SERVICE_MODEL)) this.skip();
    const shared = JSON.parse(readFileSync(DEFAULT_SERVICE_MODEL, 'utf8')) as FullServiceModel;
    const copy = JSON.parse(
      readFileSync(join(__dirname, '../../src/emulator/reference/service-model.json'), 'utf8'),
    ) as unknown;
    assert.deepEqual(copy, compactServiceModel(shared));
  });

  it('keeps shapes, members, required members, enums and limits, and drops the documentation', () => {
    const full = {
      operations: { GetThing: { input: { shape: 'GetThingRequest' }, output: { shape: 'GetThingResult' } } },
      shapes: {
        GetThingRequest: {
          type: 'structure',
          required: ['name'],
          members: { name: { shape: 'Name', documentation: '<p>The name.</p>' } },
          documentation: '<p>Gets a thing.</p>',
        },
        GetThingResult: { type: 'structure', members: { kinds: { shape: 'KindList' } } },
        KindList: { type: 'list', member: { shape: 'Kind' } },
        Kind: { type: 'string', enum: ['a', 'b'] },
        Name: { type: 'string', min: 1, max: 10, pattern: '\\w+', sensitive: true },
      },
    } as unknown as FullServiceModel;
    assert.deepEqual(compactServiceModel(full), {
      operations: { GetThing: { input: 'GetThingRequest', output: 'GetThingResult' } },
      shapes: {
        GetThingRequest: { type: 'structure', required: ['name'], members: { name: { shape: 'Name' } } },
        GetThingResult: { type: 'structure', members: { kinds: { shape: 'KindList' } } },
        Kind: { type: 'string', enum: ['a', 'b'] },
        KindList: { type: 'list', member: { shape: 'Kind' } },
        Name: { type: 'string', min: 1, max: 10, pattern: '\\w+', sensitive: true },
      },
    });
  });
});
