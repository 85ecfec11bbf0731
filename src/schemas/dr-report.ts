/**
 * What a DR drill reports, and what `dr status` (and `GET /dr`) reads back from the last drill.
 * The drill writes it; the posture view reads it from the drill's closed run: the result of a
 * completed drill, or the first detail of the `DrillTargetsMissed` failure of a drill that missed
 * a target (such a drill ends failed so an alarm or a webhook can act on it).
 */

/** The workflow type of a drill, as the posture view looks it up in the run list. */
export const DR_DRILL_WORKFLOW = 'drDrill';

/** The failure type of a drill that ran but missed a target; its first detail is the report. */
export const DRILL_TARGETS_MISSED = 'DrillTargetsMissed';

/** The targets a drill is measured against; absent means not measured against one. */
export interface DrTargets {
  /** Start of the drill to the restored instance verified healthy. */
  maxRecoveryMinutes?: number;
  /** Age of the restored snapshot when the drill started. */
  maxSnapshotAgeHours?: number;
}

/** One instance of a drill. */
export interface DrillInstanceReport {
  /** The primary instance whose DR series was restored. */
  instanceName: string;
  sourceRegion: string;
  drRegion: string;
  /** The `retention.series` the nightly runbook writes. */
  series: string;
  /** The snapshot restored, when one was found. */
  snapshotName?: string;
  /** ISO 8601. */
  snapshotCreatedAt?: string;
  /** Recovery point: the age of the restored snapshot when the drill started, in hours. */
  recoveryPointHours?: number;
  /** Recovery time: drill start to verified healthy, in minutes. */
  recoveryTimeMinutes?: number;
  /** met: restored, verified and within every target; missed: a target missed; failed: no restore. */
  outcome: 'met' | 'missed' | 'failed';
  /** Why it missed or failed, one line each. */
  problems: string[];
}

/** The whole report of one drill. */
export interface DrDrillReport {
  /** ISO 8601. */
  startedAt: string;
  /** ISO 8601. */
  finishedAt: string;
  targets: DrTargets;
  instances: DrillInstanceReport[];
  /** True when every instance met every target. */
  met: boolean;
  /** The same report as a markdown table, for the run's details and `status --report`. */
  markdown: string;
}
