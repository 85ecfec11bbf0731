import { strict as assert } from 'node:assert';
import serviceModel from '../../src/emulator/reference/service-model.json';
import {
  ANSWERED_BEYOND_THE_MODEL,
  MODEL_OPERATION_TYPES,
  UNPUBLISHED_ACTION_NAMES,
} from '../../src/emulator/operation-types';

describe('the emulator’s operationType values', () => {
  const modelEnum = (serviceModel as { shapes: Record<string, { enum?: string[] }> }).shapes.OperationType
    ?.enum;

  it('lists exactly the service model’s OperationType enum, so a model update shows here', () => {
    assert.deepEqual([...MODEL_OPERATION_TYPES], modelEnum);
  });

  it('lists a value beyond the model only while the model lacks it', () => {
    const extras = [...ANSWERED_BEYOND_THE_MODEL, ...UNPUBLISHED_ACTION_NAMES];
    assert.deepEqual(
      extras.filter((v) => modelEnum?.includes(v)),
      [],
    );
    assert.equal(new Set(extras).size, extras.length);
  });
});
