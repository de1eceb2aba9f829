import { MODEL_LAYERS } from './model-definition.ts';
import type { ModelPlan, PlanNode } from './model-graph.ts';

/** Per `schema.table`: column name → DuckDB type (see readColumnTypes). */
export type ColumnTypes = ReadonlyMap<string, ReadonlyMap<string, string>>;

const LAYER_TITLES = { mart: 'Marts', int: 'Intermediate models', stg: 'Staging models' } as const;

/**
 * The data dictionary in Markdown: marts first, then intermediate and staging models; for each its
 * description, grain, dependencies, columns (description and type) and data tests. Columns the
 * built table has but the model does not describe are listed and flagged.
 */
export function renderDataDictionary(plan: ModelPlan, types: ColumnTypes): string {
  const lines = ['# Data dictionary', '', 'Generated from the model definitions by `closeloop docs`; do not edit by hand.', ''];
  for (const layer of MODEL_LAYERS.toReversed()) {
    const nodes = plan.nodes.filter((node) => node.layer === layer).sort((a, b) => a.name.localeCompare(b.name));
    if (nodes.length === 0) continue;
    lines.push(`## ${LAYER_TITLES[layer]}`, '');
    for (const node of nodes) lines.push(...modelSection(node, types.get(node.name)));
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function modelSection(node: PlanNode, types: ReadonlyMap<string, string> | undefined): string[] {
  const lines = [`### ${node.name}`, '', node.description || '_No description._', ''];
  lines.push(`- **Grain:** one row per ${node.key.length > 0 ? node.key.map(code).join(' + ') : '_(no key declared)_'}`);
  lines.push(`- **Depends on:** ${node.dependsOn.length > 0 ? node.dependsOn.map(code).join(', ') : '_(nothing)_'}`);
  if (!types) lines.push('- **Types:** not built yet; run `closeloop build` for column types');
  lines.push('', '| Column | Type | Description |', '| --- | --- | --- |');
  for (const column of node.columns) lines.push(row(column.name, types?.get(column.name) ?? '', column.description || '_undescribed_'));
  const described = new Set(node.columns.map((column) => column.name));
  for (const [name, type] of types ?? []) {
    if (!described.has(name)) lines.push(row(name, type, '_undescribed: add it to the model\'s columns_'));
  }
  lines.push('', '**Tests:**', '', ...node.tests.map((test) => `- ${escapeCell(test.name.slice(node.name.length + 2))}`), '');
  return lines;
}

function row(name: string, type: string, description: string): string {
  return `| ${code(name)} | ${type} | ${escapeCell(description)} |`;
}

function code(text: string): string {
  return `\`${text}\``;
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}
