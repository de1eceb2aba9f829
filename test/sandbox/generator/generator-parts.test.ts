import { describe, expect, it } from 'vitest';
import { salesforceChecksum, salesforceId, to15 } from '../../../sandbox/generator/salesforce-id.ts';
import { IndexPermutation } from '../../../sandbox/generator/index-permutation.ts';
import { SeededRandom } from '../../../sandbox/generator/seeded-random.ts';
import { NAME_NOISE, noisyName, typo } from '../../../sandbox/generator/name-noise.ts';
import { CompanyUniverse } from '../../../sandbox/generator/company-universe.ts';
import { buildLocalePools } from '../../../sandbox/generator/locale-pools.ts';
import { ADDRESS_NOISE, spellAddress } from '../../../sandbox/generator/address-noise.ts';
import { COUNTRY_PROFILES } from '../../../sandbox/generator/country-profiles.ts';
import { ExchangeRates } from '../../../sandbox/generator/exchange-rates.ts';
import { parseDay } from '../../../sandbox/generator/calendar.ts';

describe('salesforce ids', () => {
  it('computes the case-safe suffix Salesforce appends', () => {
    expect(salesforceChecksum('001A0000006Vm9r')).toBe('IAC');
    expect(salesforceChecksum('005000000000001')).toBe('AAA');
    const id = salesforceId('006', 123_456);
    expect(id).toHaveLength(18);
    expect(id.startsWith('006')).toBe(true);
    expect(to15(id)).toBe(id.slice(0, 15));
  });
});

describe('IndexPermutation', () => {
  it('is a bijection on its range, and depends on its key', () => {
    for (const size of [1, 7, 100, 1000, 4097]) {
      const permutation = new IndexPermutation(size, 99);
      const values = Array.from({ length: size }, (_, i) => permutation.at(i));
      expect(new Set(values).size).toBe(size);
      expect(Math.max(...values)).toBe(size - 1);
    }
    const a = Array.from({ length: 50 }, (_, i) => new IndexPermutation(1000, 1).at(i));
    const b = Array.from({ length: 50 }, (_, i) => new IndexPermutation(1000, 2).at(i));
    expect(a).not.toEqual(b);
  });
});

describe('company names', () => {
  const pools = buildLocalePools(5);

  it('hands out distinct registered names while many companies share a first word', () => {
    const universe = new CompanyUniverse(5, 20_000, pools);
    const names = new Set<string>();
    const cores = new Set<string>();
    const leads = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const company = universe.next();
      names.add(company.name);
      cores.add(`${company.profile.code}|${company.core.toLowerCase()}`);
      const lead = company.core.split(' ')[0]!;
      leads.set(lead, (leads.get(lead) ?? 0) + 1);
    }
    expect(cores.size).toBe(20_000);
    expect(names.size).toBe(20_000);
    const shared = [...leads.values()].filter((n) => n > 1).reduce((sum, n) => sum + n, 0);
    expect(shared / 20_000).toBeGreaterThan(0.2);
  });

  it('spells one company several ways', () => {
    const company = new CompanyUniverse(5, 100, pools).next();
    const rng = new SeededRandom(1);
    const spellings = new Set(Array.from({ length: 200 }, () => noisyName(company, NAME_NOISE.duplicate, rng)));
    expect(spellings.size).toBeGreaterThan(5);
    expect(spellings.has(company.core) || spellings.has(company.name)).toBe(true);
  });

  it('makes a typo by exactly one edit, never in the first letter', () => {
    const rng = new SeededRandom(3);
    for (let i = 0; i < 200; i++) {
      const edited = typo('Kessler Logistics', rng);
      expect(edited).not.toBe('Kessler Logistics');
      expect(Math.abs(edited.length - 'Kessler Logistics'.length)).toBeLessThanOrEqual(1);
      expect(edited.split(' ').map((w) => w[0])).toEqual(['K', 'L']);
    }
  });
});

describe('address noise', () => {
  it('writes US states as codes or names, ZIP+4 sometimes, and ISO country codes for NetSuite', () => {
    const rng = new SeededRandom(9);
    const address = { street: '12 Main Street', line2: 'Suite 400', city: 'Springfield', region: { code: 'IL', name: 'Illinois', weight: 1 }, regionName: null, postalCode: '02134', zip4: '1234', country: 'US' as const };
    const crm = Array.from({ length: 300 }, () => spellAddress(address, COUNTRY_PROFILES.US.countryNames, ADDRESS_NOISE.salesforce, rng));
    expect(new Set(crm.map((a) => a.state))).toEqual(new Set(['IL', 'Illinois', null]));
    expect(new Set(crm.map((a) => a.postalCode))).toEqual(new Set(['02134', '02134-1234', '2134', '2134-1234']));
    expect(new Set(crm.map((a) => a.country)).size).toBeGreaterThan(3);
    expect(crm.some((a) => a.street === '12 Main St')).toBe(true);
    const erp = Array.from({ length: 50 }, () => spellAddress(address, COUNTRY_PROFILES.US.countryNames, ADDRESS_NOISE.netsuite, rng));
    expect(new Set(erp.map((a) => a.country))).toEqual(new Set(['US']));
  });
});

describe('exchange rates', () => {
  it('are consistent cross rates, 1 for the same currency', () => {
    const rates = new ExchangeRates(1, parseDay('2026-11-01'));
    const day = parseDay('2026-03-15');
    expect(rates.rate('EUR', 'EUR', day)).toBe(1);
    expect(rates.rate('USD', 'GBP', day) * rates.rate('GBP', 'USD', day)).toBeCloseTo(1, 5);
    expect(rates.rate('USD', 'GBP', day)).toBeGreaterThan(1);
  });
});
