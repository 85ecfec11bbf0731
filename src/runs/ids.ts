import { idProblem, type RunId } from '../schemas/ids';
import { InvalidId } from './errors';

/** Returns `id` when it keeps the id rule, else throws InvalidId naming `field`. */
export function requireId(schema: typeof RunId, id: string, field: string): string {
  const problem = idProblem(schema, id);
  if (problem) throw new InvalidId(field, problem, id);
  return id;
}
