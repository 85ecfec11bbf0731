import { strict as assert } from 'node:assert';
import { LightsailServiceException } from '@aws-sdk/client-lightsail';
import { ApplicationFailure } from '@temporalio/common';
import { classifyLightsailError, toTemporalFailure } from '../../src/lightsail/errors';

/** An error shaped as the SDK throws it for a Lightsail error response. */
function sdkError(name: string, message: string, status = 400): LightsailServiceException {
  return new LightsailServiceException({
    name,
    message,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, requestId: 'req-1' },
  });
}

describe('Lightsail error classification', () => {
  const cases: [string, unknown, boolean, number | undefined][] = [
    [
      'ThrottlingException (HTTP 400) is retryable',
      sdkError('ThrottlingException', 'Rate exceeded'),
      true,
      undefined,
    ],
    ['ServiceException (HTTP 500) is retryable', sdkError('ServiceException', 'boom', 500), true, undefined],
    ['an unknown 5xx is retryable', sdkError('SomethingNew', 'bad gateway', 502), true, undefined],
    [
      'AccountSetupInProgressException retries on a scale of minutes',
      sdkError('AccountSetupInProgressException', 'setting up'),
      true,
      60_000,
    ],
    [
      'RegionSetupInProgressException retries on a scale of minutes',
      sdkError('RegionSetupInProgressException', 'setting up'),
      true,
      60_000,
    ],
    [
      'InvalidInputException asking to try again is retryable',
      sdkError('InvalidInputException', 'Please try again in a few minutes.'),
      true,
      undefined,
    ],
    [
      'InvalidInputException asking to wait for completion is retryable',
      sdkError('InvalidInputException', 'The instance is busy; wait for it to complete'),
      true,
      undefined,
    ],
    [
      'any other InvalidInputException is permanent',
      sdkError('InvalidInputException', 'bad name'),
      false,
      undefined,
    ],
    ['AccessDeniedException is permanent', sdkError('AccessDeniedException', 'no'), false, undefined],
    ['UnauthenticatedException is permanent', sdkError('UnauthenticatedException', 'who?'), false, undefined],
    ['NotFoundException is permanent', sdkError('NotFoundException', 'gone'), false, undefined],
    [
      'OperationFailureException is permanent',
      sdkError('OperationFailureException', 'failed'),
      false,
      undefined,
    ],
    [
      'OperationFailureException saying try again is retryable',
      sdkError('OperationFailureException', 'Please try again later'),
      true,
      undefined,
    ],
    [
      'a reset connection (no HTTP response) is retryable',
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      true,
      undefined,
    ],
    [
      'an SDK timeout is retryable',
      Object.assign(new Error('timed out'), { name: 'TimeoutError' }),
      true,
      undefined,
    ],
  ];
  for (const [title, error, retryable, delay] of cases) {
    it(title, () => {
      const c = classifyLightsailError(error);
      assert.equal(c.retryable, retryable);
      assert.equal(c.nextRetryDelayMs, delay);
    });
  }

  it('names the failure after the Lightsail error and keeps its message', () => {
    const failure = toTemporalFailure(sdkError('NotFoundException', 'The snapshot "x" does not exist'), {
      action: 'GetInstanceSnapshot',
      region: 'eu-west-1',
    });
    assert.ok(failure instanceof ApplicationFailure);
    assert.equal(failure.type, 'NotFoundException');
    assert.equal(failure.message, 'The snapshot "x" does not exist');
    assert.equal(failure.nonRetryable, true);
    assert.deepEqual(failure.details, [
      { action: 'GetInstanceSnapshot', region: 'eu-west-1', requestId: 'req-1' },
    ]);
  });

  it('makes a throttled call a retryable failure and a network error keeps its code as type', () => {
    assert.equal(
      toTemporalFailure(sdkError('ThrottlingException', 'Rate exceeded'), ctx).nonRetryable,
      false,
    );
    const reset = toTemporalFailure(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), ctx);
    assert.equal(reset.type, 'ECONNRESET');
  });

  it('passes an ApplicationFailure through unchanged', () => {
    const original = ApplicationFailure.nonRetryable('mine', 'Mine');
    assert.equal(toTemporalFailure(original, ctx), original);
  });
});

const ctx = { action: 'CopySnapshot', region: 'us-east-1' };
