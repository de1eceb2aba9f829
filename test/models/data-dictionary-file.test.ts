import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../models/model-registry.ts';

const DICTIONARY = fileURLToPath(new URL('../../docs/data-dictionary.md', import.meta.url));

describe('docs/data-dictionary.md', () => {
  it('is current: every model and column with its description (regenerate with closeloop docs --out docs/data-dictionary.md)', async () => {
    const markdown = await readFile(DICTIONARY, 'utf8');
    const missing: string[] = [];
    for (const model of MODELS) {
      if (!markdown.includes(`### ${model.name}\n\n${model.description}\n`)) missing.push(`${model.name} (heading or description)`);
      for (const column of model.columns) {
        const cell = column.description.replaceAll('|', '\\|');
        if (!new RegExp(`\\| \`${column.name}\` \\| [A-Z][A-Z0-9(), \\[\\]]* \\| ${escapeRegExp(cell)} \\|`).test(markdown)) missing.push(`${model.name}.${column.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
