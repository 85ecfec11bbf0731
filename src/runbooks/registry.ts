import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sha256Hex } from './sha256';

/**
 * Runbooks registered by name: the files of one folder (LIGHTSAIL_FLOWS_RUNBOOKS_DIR), each
 * `<name>.yaml`, `.yml` or `.json`. A start that names one (`{"runbook": {"name": "patch-fleet"}}`,
 * `lightsail-flows start runbook --name patch-fleet`) gets the file's text and hash in its input
 * at the moment it starts, so the run pins that text; a schedule pins it when it is created.
 */
export const RUNBOOKS_DIR_ENV = 'LIGHTSAIL_FLOWS_RUNBOOKS_DIR';
const EXTENSIONS = ['.yaml', '.yml', '.json'];
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

export class RunbookNotFound extends Error {
  override name = 'RunbookNotFound';
}

/** The names registered in the folder, sorted; none when the folder is not configured. */
export function registeredRunbooks(env: NodeJS.ProcessEnv = process.env): string[] {
  const dir = env[RUNBOOKS_DIR_ENV];
  if (!dir) return [];
  try {
    return readdirSync(dir)
      .filter((f) => EXTENSIONS.some((e) => f.endsWith(e)))
      .map((f) => f.slice(0, f.lastIndexOf('.')))
      .sort();
  } catch {
    return [];
  }
}

/** A registered runbook's text, or RunbookNotFound saying what was looked for and where. */
export function registeredRunbook(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): { text: string; sha256: string; source: string } {
  const dir = env[RUNBOOKS_DIR_ENV];
  if (!dir) {
    throw new RunbookNotFound(
      `no runbooks are registered by name: set ${RUNBOOKS_DIR_ENV} to a folder of <name>.yaml files, or give the runbook's text`,
    );
  }
  if (!NAME.test(name)) throw new RunbookNotFound(`"${name}" is not a runbook name (letters, digits, _ . -)`);
  for (const ext of EXTENSIONS) {
    const path = join(resolve(dir), `${name}${ext}`);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    return { text, sha256: sha256Hex(text), source: `${RUNBOOKS_DIR_ENV}/${name}${ext}` };
  }
  const known = registeredRunbooks(env);
  throw new RunbookNotFound(
    `no runbook "${name}" in ${dir}${known.length ? ` (registered: ${known.join(', ')})` : ' (it has none)'}`,
  );
}

/**
 * A runbook run's input with a registered name replaced by the runbook's text:
 * `{runbook: {name}}` becomes `{runbook: {text, sha256, source}}`. Any other input is unchanged.
 */
export function withRegisteredRunbook(raw: unknown, env: NodeJS.ProcessEnv = process.env): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const runbook = (raw as { runbook?: unknown }).runbook;
  if (!runbook || typeof runbook !== 'object' || Array.isArray(runbook)) return raw;
  const { name, ...rest } = runbook as { name?: unknown };
  if (name === undefined) return raw;
  if (typeof name !== 'string') throw new RunbookNotFound('runbook.name must be a string');
  if (Object.keys(rest).length > 0) throw new RunbookNotFound('give runbook.name or runbook.text, not both');
  return { ...raw, runbook: registeredRunbook(name, env) };
}
