import type { SandboxOptions } from '../sandbox-options.ts';
import { isBlank, type StoredValue } from './field-values.ts';
import { recordError, type RecordError } from './salesforce-errors.ts';

export type RecordValues = Record<string, StoredValue>;

/** An org validation rule: evaluated on the record as it would be saved (create or update). */
export interface ValidationRule {
  object: string;
  name: string;
  /** True when the record violates the rule. */
  violated(record: RecordValues): boolean;
  message: string;
  /** Fields the error is shown on; empty = at the top of the page (then `fields: []` on the wire). */
  fields: string[];
}

/** The sandbox org's active validation rules, per the options. */
export function orgValidationRules(options: SandboxOptions['salesforce']): ValidationRule[] {
  const rules: ValidationRule[] = [];
  if (options.requireBillingCountry) {
    rules.push({
      object: 'Account',
      name: 'Billing_Country_Required',
      violated: (record) => isBlank(record.BillingCountry),
      message: 'Billing Country is required',
      fields: [],
    });
  }
  return rules;
}

/** The first violated rule as Salesforce reports it (FIELD_CUSTOM_VALIDATION_EXCEPTION), if any. */
export function checkValidationRules(rules: readonly ValidationRule[], object: string, record: RecordValues): RecordError | undefined {
  const rule = rules.find((r) => r.object === object && r.violated(record));
  return rule ? recordError('FIELD_CUSTOM_VALIDATION_EXCEPTION', rule.message, rule.fields) : undefined;
}
