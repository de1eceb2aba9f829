import type { ModelContext } from '../runner/model-definition.ts';

/** Defaults of the build variables `invoicingSlaDays`, `tolerancePercent` and `toleranceFloor` (config `leakage`). */
export const LEAKAGE_DEFAULTS = { invoicingSlaDays: 30, tolerancePercent: 2, toleranceFloor: 50 } as const;

/** A leakage rule's build variable, checked: a number ≥ 0. */
export function leakageParameter(ctx: ModelContext, name: keyof typeof LEAKAGE_DEFAULTS): number {
  const value = ctx.vars[name] ?? LEAKAGE_DEFAULTS[name];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0, not ${String(value)} (config leakage.${name}).`);
  return value;
}

/** SQL for the amount within which an invoiced total counts as the deal amount: ± max(percent of the deal, floor). */
export function toleranceSql(ctx: ModelContext, dealAmount: string): string {
  const pct = leakageParameter(ctx, 'tolerancePercent') / 100;
  return `greatest(${dealAmount} * ${pct}, ${leakageParameter(ctx, 'toleranceFloor')})`;
}
