import type { SandboxDb } from '../store/sandbox-db.ts';
import { quoteIdent } from '../store/sandbox-db.ts';
import { tableName } from '../dataset/dataset-schema.ts';
import type { OrgSchema } from './org-schema.ts';
import { stageFlagsSql } from './opportunity-stages.ts';

/**
 * Brings loaded data to what Salesforce itself would hold: booleans are never null (a dataset may omit
 * `IsDeleted`), and an opportunity's missing IsClosed/IsWon follow its stage. Not a user write: not logged.
 */
export async function normalizeState(db: SandboxDb, org: OrgSchema): Promise<void> {
  await db.exclusive(async (tx) => {
    const opportunity = org.object('Opportunity');
    if (opportunity?.hasField('StageName') && opportunity.hasField('IsClosed') && opportunity.hasField('IsWon')) {
      const flags = stageFlagsSql('"StageName"');
      await tx.run(`UPDATE ${tableName(opportunity.schema)} SET "IsClosed" = ${flags.isClosed}, "IsWon" = ${flags.isWon} WHERE "IsClosed" IS NULL OR "IsWon" IS NULL`);
    }
    for (const object of org.objects) {
      const booleans = object.schema.fields.filter((f) => f.type === 'boolean').map((f) => quoteIdent(f.name));
      if (booleans.length === 0) continue;
      const sets = booleans.map((c) => `${c} = COALESCE(${c}, false)`).join(', ');
      await tx.run(`UPDATE ${tableName(object.schema)} SET ${sets} WHERE ${booleans.map((c) => `${c} IS NULL`).join(' OR ')}`);
    }
  });
}
