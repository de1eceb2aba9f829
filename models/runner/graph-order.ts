import { MODEL_LAYERS, layerOf } from './model-definition.ts';

/** Model name → the models (not sources) it depends on. */
export type ModelEdges = ReadonlyMap<string, readonly string[]>;

/** Stable rank: layer first (stg, int, mart), then name. */
export function compareModels(a: string, b: string): number {
  const rank = (name: string): number => MODEL_LAYERS.indexOf(layerOf(name) ?? 'mart');
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Kahn's algorithm, always taking the lowest-ranked ready model so the order is stable.
 * Models on or behind a cycle are left out of `order` and returned in `blocked`.
 */
export function topologicalOrder(edges: ModelEdges): { order: string[]; blocked: string[] } {
  const waitingOn = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const [name, deps] of edges) {
    waitingOn.set(name, deps.length);
    for (const dep of deps) dependents.set(dep, [...(dependents.get(dep) ?? []), name]);
  }
  const ready = [...edges.keys()].filter((name) => waitingOn.get(name) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort(compareModels);
    const next = ready.shift()!;
    order.push(next);
    for (const dependent of dependents.get(next) ?? []) {
      const left = waitingOn.get(dependent)! - 1;
      waitingOn.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  const done = new Set(order);
  return { order, blocked: [...edges.keys()].filter((name) => !done.has(name)).sort(compareModels) };
}

/** Every distinct cycle as a path that starts and ends at the same model, each depending on the next. */
export function findCycles(edges: ModelEdges): string[][] {
  const cycles = new Map<string, string[]>();
  const finished = new Set<string>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    if (finished.has(name)) return;
    const at = stack.indexOf(name);
    if (at >= 0) {
      const cycle = [...stack.slice(at), name];
      cycles.set([...new Set(cycle)].sort().join(','), cycle);
      return;
    }
    stack.push(name);
    for (const dep of [...(edges.get(name) ?? [])].sort()) visit(dep);
    stack.pop();
    finished.add(name);
  };
  for (const name of [...edges.keys()].sort()) visit(name);
  return [...cycles.values()];
}
