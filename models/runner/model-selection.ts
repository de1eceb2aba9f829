import type { ModelEdges } from './graph-order.ts';

/**
 * Resolves a selector to model names: `name` (just it), `name+` (it and everything downstream),
 * `+name` (it and everything upstream), `+name+` (both). Several selectors are separated by
 * spaces or commas. An unknown name is an error listing the known ones.
 */
export function selectModels(edges: ModelEdges, selector: string): Set<string> {
  const parts = selector.split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0) throw new Error('--select is empty; give a model name, name+ (downstream) or +name (upstream).');
  const selected = new Set<string>();
  for (const part of parts) {
    const name = part.replace(/^\+/, '').replace(/\+$/, '');
    if (!edges.has(name)) {
      throw new Error(`--select ${part}: no model named ${name}. Models: ${[...edges.keys()].sort().join(', ') || '(none)'}.`);
    }
    selected.add(name);
    if (part.startsWith('+')) walk(name, (n) => edges.get(n) ?? [], selected);
    if (part.endsWith('+')) walk(name, (n) => dependentsOf(edges, n), selected);
  }
  return selected;
}

function walk(start: string, next: (name: string) => readonly string[], into: Set<string>): void {
  const queue = [start];
  const seen = new Set([start]);
  while (queue.length > 0) {
    for (const neighbour of next(queue.shift()!)) {
      if (seen.has(neighbour)) continue;
      seen.add(neighbour);
      into.add(neighbour);
      queue.push(neighbour);
    }
  }
}

function dependentsOf(edges: ModelEdges, name: string): string[] {
  return [...edges].filter(([, deps]) => deps.includes(name)).map(([dependent]) => dependent);
}
