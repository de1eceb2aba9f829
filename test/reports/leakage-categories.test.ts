import { describe, expect, it } from 'vitest';
import { LEAKAGE_CATEGORIES as MART_CATEGORIES } from '../../models/marts/mart-leakage.ts';
import { LEAKAGE_CATEGORIES } from '../../reports/leakage-categories.ts';

describe('report categories', () => {
  it('label every category mart.leakage can produce, and no other', () => {
    expect(LEAKAGE_CATEGORIES.map((info) => info.category).sort()).toEqual([...MART_CATEGORIES].sort());
  });
});
