import type { Command } from 'commander';
import { LightsailUnreadable, lightsailReadHint } from '../../dr/lightsail-unreadable';
import { PostureTargets, readPosture, renderPosture } from '../../dr/posture';
import { LIGHTSAIL_REGIONS } from '../../lightsail-facts';
import { LightsailClients } from '../../lightsail/clients';
import { formatIssues } from '../../schemas/format-issues';
import { UserFacingError } from '../../user-facing-error';
import { withClient } from '../run-client';
import { EXIT_FAILURE, UsageError } from '../usage-error';

interface StatusOptions {
  json?: boolean;
  regions?: string;
  maxCopyAgeHours?: string;
  maxRecoveryMinutes?: string;
  maxRecoveryPointHours?: string;
  maxDrillAgeDays?: string;
}

export function registerDr(program: Command): void {
  const dr = program
    .command('dr')
    .description('disaster recovery: the posture of every instance with a DR series');
  dr.command('status')
    .description(
      "every instance with a DR series: the newest copy in each region and its age, the last drill's recovery time and point, and whether they meet the targets",
    )
    .option('--json', 'print the posture as JSON')
    .option('--regions <list>', 'only these regions, comma-separated (default: every Lightsail region)')
    .option(
      '--max-copy-age-hours <h>',
      'the newest DR copy may be this old (default 26: nightly, plus slack)',
    )
    .option('--max-recovery-minutes <m>', "the last drill's recovery time target (default 60)")
    .option('--max-recovery-point-hours <h>', "the last drill's recovery point target (default 26)")
    .option('--max-drill-age-days <d>', 'the last drill may be this old (default 35: monthly, plus slack)')
    .addHelpText('after', '\nExit codes: 0 every instance meets every target, 1 one does not, 2 bad flags.')
    .action(async (opts: StatusOptions) => {
      const targets = PostureTargets.safeParse({
        ...(opts.maxCopyAgeHours !== undefined ? { maxCopyAgeHours: opts.maxCopyAgeHours } : {}),
        ...(opts.maxRecoveryMinutes !== undefined ? { maxRecoveryMinutes: opts.maxRecoveryMinutes } : {}),
        ...(opts.maxRecoveryPointHours !== undefined
          ? { maxRecoveryPointHours: opts.maxRecoveryPointHours }
          : {}),
        ...(opts.maxDrillAgeDays !== undefined ? { maxDrillAgeDays: opts.maxDrillAgeDays } : {}),
      });
      if (!targets.success)
        throw new UsageError(`Bad targets:\n${formatIssues(targets.error, { prefix: '  ' })}`);
      const regions = opts.regions?.split(',').map((r) => r.trim()) ?? [...LIGHTSAIL_REGIONS];
      const unknown = regions.filter((r) => !(LIGHTSAIL_REGIONS as readonly string[]).includes(r));
      if (unknown.length) throw new UsageError(`--regions: not Lightsail regions: ${unknown.join(', ')}`);
      await withClient(async (client, config) => {
        const clients = new LightsailClients(config.lightsail);
        try {
          const posture = await readPosture({ clients, client }, targets.data, regions).catch(
            (err: unknown) => {
              if (!(err instanceof LightsailUnreadable)) throw err;
              throw new UserFacingError(
                `${err.message}\n${lightsailReadHint(config.lightsail.endpoint)}`,
                EXIT_FAILURE,
              );
            },
          );
          console.log(opts.json ? JSON.stringify(posture, null, 2) : renderPosture(posture));
          if (!posture.ok) {
            throw new UserFacingError(
              `${posture.entries.filter((e) => !e.ok).length} instance(s) miss a DR target.`,
              EXIT_FAILURE,
            );
          }
        } finally {
          clients.destroy();
        }
      });
    });
}
