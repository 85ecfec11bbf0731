import type { FastifyInstance } from 'fastify';
import { PostureTargets, readPosture } from '../../dr/posture';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import { parse } from './runs';

/**
 * GET /dr: the DR posture (src/dr/posture.ts), with the targets as query parameters
 * (maxCopyAgeHours, maxRecoveryMinutes, maxRecoveryPointHours, maxDrillAgeDays). Answers 200
 * whether or not every target is met: `ok`, and each entry's `ok` and `problems`, say which.
 */
export function registerDrRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/dr', async (req) => {
    const targets = parse(PostureTargets, req.query ?? {});
    const clients = ctx.lightsail;
    if (!clients) {
      throw new ApiError(
        503,
        'Unavailable',
        'This API server was started without Lightsail clients for the DR posture.',
      );
    }
    return readPosture({ clients, client: ctx.client }, targets);
  });
}
