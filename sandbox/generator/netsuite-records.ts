import { dayIso, type Day } from './calendar.ts';
import { COUNTRY_PROFILES, type CountryCode } from './country-profiles.ts';
import type { NsCustomer, NsTransaction } from './dataset-model.ts';
import { CURRENCY_IDS, type ExchangeRates, type RateCurrency } from './exchange-rates.ts';
import type { NumericSequence } from './id-sequences.ts';
import { CURRENCY_NAMES, SUBSIDIARIES } from './netsuite-setup.ts';
import { TERMS_DAYS, TERMS_NAMES } from './dataset-model.ts';
import type { SalesTeam } from './crm-users.ts';
import { RECORD_TYPE_OF } from '../netsuite/netsuite-tables.ts';
import { stampSeconds } from './record-time.ts';

/**
 * NetSuite rows as SuiteQL returns them, but typed: lower-case column names, ids as integers, dates
 * YYYY-MM-DD, datetimes ISO UTC, booleans 'T'/'F', amounts as numbers rounded to cents.
 */

const tf = (value: boolean): 'T' | 'F' => (value ? 'T' : 'F');
const money = (cents: number | null): number | null => (cents === null ? null : cents / 100);
const date = (day: Day | null): string | null => (day === null ? null : dayIso(day));

export function customerRecord(c: NsCustomer): Record<string, unknown> {
  return {
    id: c.id,
    entityid: c.entityId,
    companyname: c.companyName,
    email: c.email,
    phone: c.phone,
    url: c.url,
    externalid: c.externalId,
    custentity_crm_account_id: c.crmAccountRef,
    subsidiary: c.subsidiaryId,
    currency: CURRENCY_IDS[c.currency],
    terms: c.termsId,
    creditlimit: money(c.creditLimitCents),
    balancesearch: money(c.balanceCents),
    overduebalancesearch: money(c.overdueCents),
    unbilledorderssearch: money(c.unbilledCents),
    oncredithold: tf(c.onCreditHold),
    creditholdoverride: c.creditHoldOverride,
    salesrep: c.salesRepId,
    defaultbillingaddress: c.addressNkey,
    isperson: 'F',
    parent: null,
    isinactive: tf(c.isInactive),
    datecreated: stampSeconds(c.createdDay, c.id),
    lastmodifieddate: stampSeconds(Math.max(c.createdDay, c.modifiedDay), c.id, c.modifiedDay > c.createdDay ? 1 : 0),
  };
}

export function addressRecord(c: NsCustomer): Record<string, unknown> {
  const a = c.address;
  const country = a.country as CountryCode;
  const cityLine = country === 'US' || country === 'CA' ? `${a.city} ${a.state ?? ''} ${a.postalCode}`.replace(/\s+/g, ' ').trim() : `${a.postalCode} ${a.city}`;
  const countryName = COUNTRY_PROFILES[country]?.countryNames[0]?.[0] ?? a.country ?? '';
  return {
    nkey: c.addressNkey,
    addressee: c.companyName,
    attention: c.email && !c.email.startsWith('ap@') ? null : 'Accounts Payable',
    addr1: a.street,
    addr2: a.line2,
    addr3: null,
    city: a.city,
    state: a.state,
    zip: a.postalCode,
    country: a.country,
    addrphone: c.phone,
    addrtext: [c.companyName, a.street, a.line2, cityLine, countryName].filter((part) => part).join('\n'),
    lastmodifieddate: stampSeconds(c.createdDay, c.addressNkey),
  };
}

export function transactionRecord(t: NsTransaction): Record<string, unknown> {
  const invoice = t.type === 'CustInvc';
  const applied = t.type === 'CustPymt' || t.type === 'CustCred';
  return {
    id: t.id,
    tranid: t.tranid,
    type: t.type,
    recordtype: RECORD_TYPE_OF[t.type],
    entity: t.customerId,
    trandate: dayIso(t.day),
    duedate: date(t.dueDay),
    closedate: date(t.closeDay),
    status: t.status,
    foreigntotal: t.totalCents / 100,
    currency: CURRENCY_IDS[t.currency],
    exchangerate: t.exchangeRate,
    foreignamountunpaid: invoice ? money(t.unpaidCents) : null,
    foreignamountpaid: invoice ? money(t.paidCents) : null,
    foreignpaymentamountunused: applied ? money(t.unusedCents) : null,
    foreignpaymentamountused: applied ? money(t.usedCents) : null,
    createdfrom: t.createdFrom,
    otherrefnum: t.otherRefNum,
    memo: t.memo,
    externalid: t.externalId,
    custbody_crm_opportunity_id: t.crmOpportunityRef,
    terms: t.termsId,
    salesrep: t.salesRepId,
    postingperiod: null,
    voided: 'F',
    posting: tf(t.posting),
    createddate: stampSeconds(t.day, t.id),
    lastmodifieddate: stampSeconds(t.modifiedDay, t.id, t.modifiedDay > t.day ? 1 : 0),
  };
}

/**
 * The transaction's lines: the main line (id 0) carries the total on the A/R side, item lines carry
 * the opposite sign (negative on orders and invoices, positive on credit memos), amounts also in the
 * subsidiary's base currency (netamount).
 */
export function transactionLineRecords(t: NsTransaction, keys: NumericSequence): Record<string, unknown>[] {
  const itemSign = t.type === 'CustCred' ? 1 : -1;
  const base = (cents: number): number => Math.round(cents * t.exchangeRate) / 100;
  const common = { transaction: t.id, taxline: 'F', subsidiary: t.subsidiaryId, department: null, class: null, location: null, createdfrom: t.createdFrom, isclosed: 'F', entity: t.customerId };
  const mainSign = -itemSign;
  const rows: Record<string, unknown>[] = [{
    uniquekey: keys.next(), ...common, id: 0, linesequencenumber: 0, mainline: 'T', item: null, itemtype: null, quantity: null, rate: null,
    foreignamount: (mainSign * t.totalCents) / 100, netamount: mainSign * base(t.totalCents), memo: t.memo,
  }];
  t.lines.forEach((line, i) => rows.push({
    uniquekey: keys.next(), ...common, id: i + 1, linesequencenumber: i + 1, mainline: 'F', item: line.itemId, itemtype: line.itemType,
    quantity: itemSign * line.quantity, rate: line.rateCents / 100, foreignamount: (itemSign * line.amountCents) / 100,
    netamount: itemSign * base(line.amountCents), memo: line.memo,
  }));
  return rows;
}

export function subsidiaryRecords(lastDay: Day): Record<string, unknown>[] {
  return SUBSIDIARIES.map((s) => ({
    id: s.id,
    name: s.name,
    fullname: s.parent === null ? s.name : `${SUBSIDIARIES.find((p) => p.id === s.parent)!.name} : ${s.name}`,
    parent: s.parent,
    currency: CURRENCY_IDS[s.currency],
    country: s.country,
    iselimination: tf(s.elimination),
    isinactive: 'F',
    lastmodifieddate: stampSeconds(lastDay - 400, s.id),
  }));
}

export function currencyRecords(rates: ExchangeRates, lastDay: Day): Record<string, unknown>[] {
  return (Object.keys(CURRENCY_IDS) as RateCurrency[]).map((code) => ({
    id: CURRENCY_IDS[code],
    name: CURRENCY_NAMES[code],
    symbol: code,
    isbasecurrency: tf(code === 'USD'),
    exchangerate: rates.latest(code),
    isinactive: 'F',
    lastmodifieddate: stampSeconds(lastDay - (lastDay % 30), CURRENCY_IDS[code]),
  }));
}

/** Monthly rates for each subsidiary base currency against every other currency. */
export function currencyRateRecords(rates: ExchangeRates): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  const bases: RateCurrency[] = ['USD', 'GBP', 'EUR'];
  let id = 1;
  for (const month of rates.months) {
    for (const base of bases) {
      for (const transaction of Object.keys(CURRENCY_IDS) as RateCurrency[]) {
        if (transaction === base) continue;
        rows.push({
          id: id++,
          basecurrency: CURRENCY_IDS[base],
          transactioncurrency: CURRENCY_IDS[transaction],
          exchangerate: rates.rate(base, transaction, month),
          effectivedate: dayIso(month),
          lastmodifieddate: stampSeconds(month, id),
        });
      }
    }
  }
  return rows;
}

/** NetSuite's standard payment terms. */
export function termRecords(lastDay: Day): Record<string, unknown>[] {
  return Object.keys(TERMS_NAMES).map(Number).map((id) => ({
    id, name: TERMS_NAMES[id], daysuntilnetdue: TERMS_DAYS[id], isinactive: 'F', lastmodifieddate: stampSeconds(lastDay - 900, id),
  }));
}

/** The sales reps as NetSuite employees (customer and transaction `salesrep`). */
export function employeeRecords(team: SalesTeam, lastDay: Day): Record<string, unknown>[] {
  return team.salesforceUsers.map((user) => ({
    id: team.employeeOf.get(user.id),
    entityid: `${user.firstName} ${user.lastName}`,
    firstname: user.firstName,
    lastname: user.lastName,
    email: user.email,
    subsidiary: 1,
    isinactive: tf(!user.isActive),
    lastmodifieddate: stampSeconds(Math.max(user.createdDay, lastDay - 60), user.id),
  }));
}

/** A customer deleted long ago whose id a stale cross-reference still holds. */
export function deletedCustomerRecord(id: number, name: string, day: Day): Record<string, unknown> {
  return { recordid: id, type: 'customer', name, deleteddate: stampSeconds(day, id), context: 'UI', deletedby: null, iscustomrecord: 'F' };
}
