import { connect } from 'node:net';
import { Context } from '@temporalio/activity';
import { sleep } from '../src/lightsail/waiting';
import type { CheckOutcome } from './http-checks';

/** One TCP connection: accepted within the timeout or not, said in a line. */
function connectOnce(
  host: string,
  port: number,
  timeoutSeconds: number,
): Promise<{ ok: boolean; detail: string }> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean, detail: string) => {
      socket.destroy();
      resolve({ ok, detail });
    };
    socket.setTimeout(timeoutSeconds * 1000, () => done(false, `no connection within ${timeoutSeconds} s`));
    socket.once('connect', () => done(true, `port ${port} accepted a connection`));
    socket.once('error', (err) => done(false, err.message));
  });
}

export function tcpCheckActivities() {
  return {
    /**
     * Verifies that a port accepts connections: `checks` consecutive connections, `intervalSeconds`
     * apart. Reports the first failure rather than throwing, as verifyEndpoint does: the workflow
     * decides what a failed verification means.
     */
    async verifyTcpPort(input: {
      host: string;
      port: number;
      /** The address as people know it, for the messages (the host may be the emulator's loopback). */
      address: string;
      checks: number;
      intervalSeconds: number;
      timeoutSeconds: number;
    }): Promise<CheckOutcome> {
      const signal = Context.current().cancellationSignal;
      let passed = 0;
      while (passed < input.checks) {
        if (passed > 0 && !(await sleep(input.intervalSeconds * 1000, signal))) break;
        const outcome = await connectOnce(input.host, input.port, input.timeoutSeconds);
        Context.current().heartbeat({ passed });
        if (!outcome.ok) {
          return { passed, failure: `TCP ${input.address}:${input.port}: ${outcome.detail}` };
        }
        passed++;
      }
      return { passed, lastAnswer: `TCP ${input.address}:${input.port} accepted ${passed} connection(s)` };
    },
  };
}
