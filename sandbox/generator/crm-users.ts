import type { Day } from './calendar.ts';
import type { LocalePool } from './locale-pools.ts';
import { SELLER } from './product-catalog.ts';
import { SalesforceIdSequence } from './salesforce-id.ts';
import { SeededRandom, STREAMS } from './seeded-random.ts';
import { slug } from './text-utils.ts';

export interface SalesforceUser {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  isActive: boolean;
  title: string;
  department: string;
  managerId: string | null;
  createdDay: Day;
}

/** The seller's sales team in both CRMs: Salesforce users and HubSpot owner ids. */
export interface SalesTeam {
  integrationUser: SalesforceUser;
  salesforceUsers: SalesforceUser[];
  /** Users who own accounts (active reps plus a few who have left). */
  owners: SalesforceUser[];
  hubspotOwnerIds: string[];
  /** NetSuite employee id of each Salesforce user id and HubSpot owner id (the same sales reps). */
  employeeOf: ReadonlyMap<string, number>;
}

/** NetSuite employee ids of the sales reps: 300 + the rep's position. */
export function employeeId(userIndex: number): number {
  return 300 + userIndex * 2;
}

/** 20–200 users depending on the number of companies. */
export function salesforceUserCount(companies: number): number {
  return Math.min(200, Math.max(20, 20 + Math.floor(companies / 600)));
}

export function buildSalesTeam(
  seed: number, companies: number, pool: LocalePool, asOf: Day, integration: { id: string; username: string },
): SalesTeam {
  const rng = new SeededRandom(seed, STREAMS.users);
  const ids = new SalesforceIdSequence('005', 4_100_000 + rng.int(0, 90_000));
  const integrationUser: SalesforceUser = {
    id: integration.id, username: integration.username, firstName: 'Integration', lastName: 'User', email: integration.username,
    isActive: true, title: 'Integration', department: 'IT', managerId: null, createdDay: asOf - 1200,
  };
  const count = salesforceUserCount(companies);
  const users: SalesforceUser[] = [];
  const usernames = new Set<string>();
  for (let i = 0; i < count; i++) {
    const firstName = rng.pick(pool.firstNames);
    const lastName = rng.pick(pool.surnames);
    let local = `${slug(firstName)}.${slug(lastName)}`;
    for (let n = 2; usernames.has(local); n++) local = `${slug(firstName)}.${slug(lastName)}${n}`;
    usernames.add(local);
    const manager = i < Math.ceil(count / 8);
    users.push({
      id: ids.next(), username: `${local}@${SELLER.emailDomain}`, firstName, lastName, email: `${local}@${SELLER.emailDomain}`,
      isActive: manager || rng.chance(0.9),
      title: manager ? rng.pick(['Sales Director', 'VP Sales', 'Regional Sales Manager']) : rng.pick(['Account Executive', 'Senior Account Executive', 'Account Manager', 'Sales Development Rep']),
      department: 'Sales',
      managerId: manager ? null : users[rng.int(0, Math.ceil(count / 8) - 1)]?.id ?? null,
      createdDay: asOf - rng.int(60, 1400),
    });
  }
  const hubspotOwnerIds = Array.from({ length: Math.min(100, Math.max(10, 10 + Math.floor(companies / 1000))) }, (_, i) => String(31_400_000 + i * 137 + rng.int(0, 100)));
  const employeeOf = new Map<string, number>();
  users.forEach((user, i) => employeeOf.set(user.id, employeeId(i)));
  hubspotOwnerIds.forEach((owner, i) => employeeOf.set(owner, employeeId(i % users.length)));
  return { integrationUser, salesforceUsers: users, owners: users.filter((u) => !u.title.startsWith('VP')), hubspotOwnerIds, employeeOf };
}
