import { describe, expect, it } from 'vitest';
import { SessionStore, bearerToken } from '../../../sandbox/salesforce/session-store.ts';

describe('SessionStore', () => {
  it('times a session out after sessionTtlSeconds of inactivity; each use extends it', () => {
    let now = 1_000_000;
    const store = new SessionStore({ ttlSeconds: 60, orgId: '00D000000000001EAA', now: () => now });
    const session = store.issue('005000000000001AAA');
    expect(session.token).toMatch(/^00D000000000001!AQ/);
    now += 59_000;
    expect(store.use(session.token)?.userId).toBe('005000000000001AAA');
    now += 59_000;
    expect(store.use(session.token)).toBeDefined();
    now += 61_000;
    expect(store.use(session.token)).toBeUndefined();
    expect(store.use('unknown')).toBeUndefined();
  });

  it('reads Bearer and OAuth authorization headers', () => {
    expect(bearerToken('Bearer abc!def')).toBe('abc!def');
    expect(bearerToken('OAuth xyz')).toBe('xyz');
    expect(bearerToken('Basic Zm9v')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
