import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorState } from './state';
import { lifecycle } from './views';

/**
 * The one CloudFormation call a Lightsail export needs: DescribeStackResources, to learn which
 * EC2 instance the stack of CreateCloudFormationStack made (its record names only the stack).
 * CloudFormation speaks the AWS query protocol: a form-encoded request, an XML answer.
 */

export function isQueryProtocol(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
}

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function sendQuery(res: ServerResponse, status: number, requestId: string, xml: string): void {
  res.writeHead(status, {
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(xml),
    'x-amzn-requestid': requestId,
  });
  res.end(xml);
}

/** A query-protocol answer, sent once the call is audited. */
export interface QueryAnswer {
  action: string;
  status: number;
  xml: string;
}

function queryError(action: string, requestId: string, code: string, message: string): QueryAnswer {
  return {
    action,
    status: 400,
    xml: `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escape(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}

/** The answer to a query-protocol request, with the action's name for the audit. */
export function handleCloudFormation(
  state: EmulatorState,
  region: string,
  body: string,
  now: number,
  requestId: string,
): QueryAnswer {
  const form = new URLSearchParams(body);
  const action = form.get('Action') ?? 'Unknown';
  if (action !== 'DescribeStackResources') {
    return queryError(
      action,
      requestId,
      'InvalidAction',
      `The lightsail-flows emulator answers only the CloudFormation action DescribeStackResources, not ${action}.`,
    );
  }
  const stackName = form.get('StackName') ?? '';
  const record = Object.values(state[region]?.cloudFormationStackRecords ?? {}).find(
    (r) => r.stackArn === stackName,
  );
  if (!record)
    return queryError(action, requestId, 'ValidationError', `Stack with id ${stackName} does not exist`);
  const stage = lifecycle(record, now);
  const status =
    stage === 'pending' ? 'CREATE_IN_PROGRESS' : stage === 'ready' ? 'CREATE_COMPLETE' : 'CREATE_FAILED';
  const name = stackName.split('/')[1] ?? stackName;
  const member = (logicalId: string, physicalId: string, type: string) =>
    `<member><StackId>${escape(stackName)}</StackId><StackName>${escape(name)}</StackName><LogicalResourceId>${logicalId}</LogicalResourceId><PhysicalResourceId>${physicalId}</PhysicalResourceId><ResourceType>${type}</ResourceType><Timestamp>${new Date(record.createdAtMs).toISOString()}</Timestamp><ResourceStatus>${status}</ResourceStatus></member>`;
  return {
    action,
    status: 200,
    xml: `<DescribeStackResourcesResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStackResourcesResult><StackResources>${
      stage === 'ready' ? member('Instance', record.ec2InstanceId, 'AWS::EC2::Instance') : ''
    }</StackResources></DescribeStackResourcesResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></DescribeStackResourcesResponse>`,
  };
}
