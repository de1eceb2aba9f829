import type { OrgObject } from './org-schema.ts';
import type { SfContext } from './salesforce-context.ts';
import { compileOrThrow, runCompiled } from './query-runner.ts';

/**
 * Records by id as REST returns them (JSON text with `attributes`, `Id` first), for single-record GET and
 * the collections retrieve. Deleted records are not found. Keyed by the id as asked (15 or 18 characters).
 */
export async function retrieveRecords(
  ctx: SfContext,
  object: OrgObject,
  ids: string[],
  fields: string[],
  apiVersion: string,
): Promise<Map<string, string>> {
  const valid = [...new Set(ids.filter((id) => /^[A-Za-z0-9]{1,18}$/.test(id)))];
  const found = new Map<string, string>();
  if (valid.length === 0) return found;
  const selected = ['Id', ...fields.filter((f) => f.toLowerCase() !== 'id')];
  const soql = `SELECT ${selected.join(', ')} FROM ${object.name} WHERE Id IN (${valid.map((id) => `'${id}'`).join(', ')})`;
  const compiled = compileOrThrow(soql, { org: ctx.org, scanAll: false, now: new Date(ctx.now()), apiVersion, format: 'json' });
  const outcome = await runCompiled(ctx.db, compiled);
  if (outcome.kind !== 'rows') return found;
  for (const text of outcome.rows) {
    const id = (JSON.parse(text) as { Id: string }).Id;
    for (const asked of valid) if (asked === id || (asked.length === 15 && id.startsWith(asked))) found.set(asked, text);
  }
  return found;
}

/** All field names of an object (what a GET without `fields` returns). */
export function allFieldNames(object: OrgObject): string[] {
  return object.fields.map((f) => f.name);
}
