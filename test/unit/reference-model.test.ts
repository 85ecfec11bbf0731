import assert from 'node:assert/strict';
import { parseFieldType, parseReference } from '../../src/emulator/reference/parse';

describe('Reading the API reference as a model', () => {
  it('reads every way the reference writes a type', () => {
    assert.deepEqual(parseFieldType('Timestamp'), { kind: 'timestamp' });
    assert.deepEqual(parseFieldType('Array of strings'), { kind: 'array', of: { kind: 'string' } });
    assert.deepEqual(parseFieldType('Array of [Tag \\(p. 12\\)](#) objects'), {
      kind: 'array',
      of: { kind: 'object', type: 'Tag' },
    });
    assert.deepEqual(parseFieldType('[Operation](#) ([p. 664](#)) object'), {
      kind: 'object',
      type: 'Operation',
    });
    assert.deepEqual(parseFieldType('String to [Container \\(p. 568\\)](#) object map'), {
      kind: 'map',
      of: { kind: 'object', type: 'Container' },
    });
    assert.throws(() => parseFieldType('Teleporter'), /Teleporter/);
  });

  it('takes response fields from Response Elements and data type fields from Contents, skipping sub-headings', () => {
    const text = [
      'Table of Contents',
      'Actions\t2',
      'GetThing\t3',
      'Errors\t3',
      'Data Types\t9',
      'Thing\t10',
      'Contents\t10',
      'Common Parameters\t20',
      '',
      'GetThing',
      'Request Syntax',
      'thingName (p. 3)',
      'Type: String',
      'Response Elements',
      '[thing \\(p. 3\\)](#)',
      'Type: [Thing \\(p. 10\\)](#) object',
      'operation ([p. 3](#))',
      'Type: [Operation](#) ([p. 664](#)) object',
      'Errors',
      'Thing',
      'Contents',
      'createdAt',
      'Type: Timestamp',
      'See Also',
      'Common Parameters',
    ].join('\n');
    assert.deepEqual(parseReference(text), {
      actions: {
        GetThing: {
          thing: { kind: 'object', type: 'Thing' },
          operation: { kind: 'object', type: 'Operation' },
        },
      },
      dataTypes: { Thing: { createdAt: { kind: 'timestamp' } } },
    });
  });
});
