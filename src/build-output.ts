import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What `npm run build` (scripts/build.ts) writes beside the compiled code: the workflow bundle,
 * made once at build time, and build-info.json. Paths are relative to this module, so a worker
 * running from dist/src/ finds dist/workflow-bundle.js, while one running from the sources
 * (src/, through tsx) finds none and bundles workflows/ itself: it never loads a stale bundle.
 */
const OUTPUT_ROOT = join(__dirname, '..');

export const WORKFLOW_BUNDLE_FILE = 'workflow-bundle.js';
/** The call budgets' own bundle: only workflows/budget, for the budgets' Worker's thread. */
export const BUDGET_WORKFLOW_BUNDLE_FILE = 'budget-workflow-bundle.js';
export const BUILD_INFO_FILE = 'build-info.json';

export interface BuildInfo {
  /** sha256 of everything the build wrote (compiled code and workflow bundle), 16 hex digits. */
  buildId: string;
  /** When the build started (ms since the epoch): sources changed later make it stale (bin/). */
  startedAtMs: number;
}

/** The prebuilt workflow bundle's path when this code runs from the build output, else undefined. */
export function prebuiltWorkflowBundle(root = OUTPUT_ROOT, file = WORKFLOW_BUNDLE_FILE): string | undefined {
  const path = join(root, file);
  return existsSync(path) ? path : undefined;
}

/** build-info.json when this code runs from the build output, else undefined. */
export function buildInfo(root = OUTPUT_ROOT): BuildInfo | undefined {
  const path = join(root, BUILD_INFO_FILE);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as BuildInfo;
}
