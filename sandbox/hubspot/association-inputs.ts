import type { SandboxTx } from '../store/sandbox-db.ts';
import type { HsObjectSchema } from './hubspot-objects.ts';
import type { PropertyRegistry } from './property-registry.ts';
import { validationError } from './hubspot-errors.ts';
import { readByIds } from './record-store.ts';
import { associationType, type AssociationLink } from './association-store.ts';

export type LinkSpec = Omit<AssociationLink, 'fromType' | 'fromId'>;

interface TypeInput {
  associationCategory?: unknown;
  associationTypeId?: unknown;
}

/** One HUBSPOT_DEFINED `{associationCategory, associationTypeId}` between two known objects. */
export function linkType(from: string, to: string | undefined, input: TypeInput, registry: PropertyRegistry): { to: string; typeId: number; label: string | null } {
  const category = input.associationCategory ?? 'HUBSPOT_DEFINED';
  const typeId = Number(input.associationTypeId);
  if (category !== 'HUBSPOT_DEFINED' || !Number.isInteger(typeId)) {
    throw validationError(`Unsupported association type ${String(category)}/${String(input.associationTypeId)}; the sandbox knows HUBSPOT_DEFINED types only`);
  }
  const candidates = registry.schemas.map((s) => s.name).filter((name) => to === undefined || name === to);
  for (const target of candidates) {
    const type = associationType(from, target, typeId);
    if (type) return { to: target, typeId, label: type.label };
  }
  throw validationError(`Association type id ${typeId} is not valid from ${from}${to ? ` to ${to}` : ''}`);
}

/** The `associations` of a v3 create input: `[{to: {id}, types: [{associationCategory, associationTypeId}]}]`. */
export function parseInlineAssociations(schema: HsObjectSchema, raw: unknown, registry: PropertyRegistry): LinkSpec[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw validationError('Invalid input JSON: "associations" must be an array');
  return raw.flatMap((entry: { to?: { id?: unknown }; types?: TypeInput[] }) => {
    const toId = entry?.to?.id;
    if (toId === undefined || toId === null || toId === '') throw validationError('Invalid input JSON: each association needs to.id');
    if (!Array.isArray(entry.types) || entry.types.length === 0) throw validationError('Invalid input JSON: each association needs at least one type');
    return entry.types.map((t) => {
      const type = linkType(schema.name, undefined, t, registry);
      return { toType: type.to, toId: String(toId), category: 'HUBSPOT_DEFINED', typeId: type.typeId, label: type.label };
    });
  });
}

/** Refuses links to records that do not exist (or are archived). */
export async function checkLinkTargets(tx: SandboxTx, registry: PropertyRegistry, links: readonly LinkSpec[]): Promise<void> {
  const byType = new Map<string, Set<string>>();
  for (const link of links) {
    if (!byType.has(link.toType)) byType.set(link.toType, new Set());
    byType.get(link.toType)!.add(link.toId);
  }
  for (const [type, ids] of byType) {
    const found = await readByIds(tx, registry.objectType(type), [...ids], []);
    const missing = [...ids].filter((id) => !found.has(id));
    if (missing.length > 0) throw validationError(`Cannot associate with ${type} that do not exist: ${missing.join(', ')}`, { context: { ids: missing } });
  }
}
