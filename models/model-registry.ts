import type { ModelDefinition } from './runner/model-definition.ts';

/**
 * Every model `closeloop build` knows, one per file under models/<layer>/ (stg_, int_, marts).
 * Add a model by importing its definition here; order does not matter, the graph decides it.
 */
export const MODELS: readonly ModelDefinition[] = [];
