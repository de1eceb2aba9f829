import { describe, expect, it } from 'vitest';
import { parseFaultSpec } from '../../../sandbox/faults/fault-spec.ts';
import { FaultInjector } from '../../../sandbox/faults/fault-injector.ts';
import { RowLockFault } from '../../../sandbox/faults/row-lock-fault.ts';

describe('parseFaultSpec', () => {
  it('applies unprefixed rates to every system and prefixed ones to one', () => {
    const spec = parseFaultSpec('429=0.1,5xx=0.05,reset=0.02,slow=0.01,slow-ms=2000,seed=7,hubspot.429=0.3,salesforce.daily-limit=500,netsuite.concurrency=2,hubspot.ten-second-limit=900');
    expect(spec.rates.salesforce).toEqual({ tooManyRequests: 0.1, serverError: 0.05, connectionReset: 0.02, slow: 0.01 });
    expect(spec.rates.hubspot.tooManyRequests).toBe(0.3);
    expect(spec.rates.netsuite.tooManyRequests).toBe(0.1);
    expect(spec).toMatchObject({ seed: 7, slowMs: 2000, dailyLimits: { salesforce: 500 }, netsuiteConcurrency: 2, hubspotTenSecondLimit: 900 });
  });

  it('reads the Salesforce row-lock rate, prefixed or bare, and is off by default', () => {
    expect(parseFaultSpec(undefined).salesforceRowLock).toBe(0);
    expect(parseFaultSpec('salesforce.lock=0.2').salesforceRowLock).toBe(0.2);
    expect(parseFaultSpec('lock=0.3,429=0.1').salesforceRowLock).toBe(0.3);
  });

  it('rejects row locks for systems other than Salesforce, and rates outside 0..1', () => {
    expect(() => parseFaultSpec('hubspot.lock=0.2')).toThrow(/"hubspot.lock=0.2": row-lock faults exist only for Salesforce/);
    expect(() => parseFaultSpec('netsuite.lock=0.2')).toThrow(/use salesforce.lock=R/);
    expect(() => parseFaultSpec('salesforce.lock=1.5')).toThrow(/bad value in "salesforce.lock=1.5"/);
  });

  it('says which part of the spec is wrong', () => {
    expect(() => parseFaultSpec('429=2')).toThrow(/bad value in "429=2"/);
    expect(() => parseFaultSpec('oracle.429=0.1')).toThrow(/unknown system "oracle"/);
    expect(() => parseFaultSpec('timeouts=0.1')).toThrow(/unknown key "timeouts"/);
    expect(() => parseFaultSpec('429')).toThrow(/"429" is not key=value/);
  });
});

describe('FaultInjector', () => {
  it('injects each fault at about its rate, reproducibly per seed', () => {
    const rates = { tooManyRequests: 0.1, serverError: 0.05, connectionReset: 0.05, slow: 0 };
    const a = new FaultInjector(rates, 42);
    const sequence = Array.from({ length: 10_000 }, () => a.next());
    const b = new FaultInjector(rates, 42);
    expect(Array.from({ length: 10_000 }, () => b.next())).toEqual(sequence);
    expect(a.counts.tooManyRequests / 10_000).toBeCloseTo(0.1, 1);
    expect(a.counts.serverError / 10_000).toBeCloseTo(0.05, 1);
    expect(a.counts.slow).toBe(0);
  });
});

describe('RowLockFault', () => {
  it('locks about its rate of records, reproducibly per seed, and never at rate 0', () => {
    const a = new RowLockFault(0.25, 9);
    const sequence = Array.from({ length: 10_000 }, () => a.next());
    const b = new RowLockFault(0.25, 9);
    expect(Array.from({ length: 10_000 }, () => b.next())).toEqual(sequence);
    expect(a.locked / 10_000).toBeCloseTo(0.25, 1);
    const off = new RowLockFault(0, 9);
    expect(Array.from({ length: 1000 }, () => off.next()).some(Boolean)).toBe(false);
  });
});
