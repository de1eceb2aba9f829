/** The leakage categories in the order finance reads them: leakage, risk, timing, hygiene. */
export interface CategoryInfo {
  readonly category: string;
  readonly label: string;
  readonly group: 'leakage' | 'risk' | 'timing' | 'hygiene';
}

export const LEAKAGE_CATEGORIES: readonly CategoryInfo[] = [
  { category: 'not_invoiced', label: 'Closed won, not invoiced', group: 'leakage' },
  { category: 'under_invoiced', label: 'Under-invoiced', group: 'leakage' },
  { category: 'over_invoiced', label: 'Over-invoiced', group: 'risk' },
  { category: 'currency_mismatch', label: 'Currency mismatch', group: 'risk' },
  { category: 'late_invoice', label: 'Invoiced late (beyond SLA)', group: 'timing' },
  { category: 'pending', label: 'Pending, within SLA (not leakage)', group: 'timing' },
  { category: 'unmatched_customer', label: 'Customer not matched to the ERP', group: 'hygiene' },
  { category: 'invoiced_without_deal', label: 'Invoiced without a deal', group: 'hygiene' },
];

/** The label for a category (its own name for one this version does not know). */
export function categoryLabel(category: string): string {
  return LEAKAGE_CATEGORIES.find((info) => info.category === category)?.label ?? category;
}

/** SQL VALUES rows (category, label, group, sort order) for the known categories. */
export function categoryValuesSql(): string {
  return LEAKAGE_CATEGORIES.map((info, i) => `('${info.category}', '${info.label.replace(/'/g, "''")}', '${info.group}', ${i})`).join(', ');
}
