import type { ReferenceModel } from './parse';
import model from './model.json';

/** Every action the API reference defines, sorted. */
export const REFERENCE_ACTIONS: string[] = Object.keys((model as ReferenceModel).actions).sort();
