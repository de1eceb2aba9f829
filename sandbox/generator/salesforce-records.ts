import { dayIso, fiscalYearQuarter } from './calendar.ts';
import type { Company } from './company-universe.ts';
import type { SalesforceUser } from './crm-users.ts';
import type { CrmAccount, Deal } from './dataset-model.ts';
import { SELLER } from './product-catalog.ts';
import { stamp } from './record-time.ts';
import type { SeededRandom } from './seeded-random.ts';

/** Salesforce records, flat, with API field names (dates YYYY-MM-DD, datetimes ISO with ms, JSON numbers/booleans). */

function audit(createdDay: number, modifiedDay: number, id: string, createdBy: string, modifiedBy: string): Record<string, unknown> {
  const modified = stamp(modifiedDay, id, 1);
  const created = stamp(createdDay, id);
  const lastModified = modified < created ? created : modified;
  return {
    IsDeleted: false,
    CreatedDate: created,
    CreatedById: createdBy,
    LastModifiedDate: lastModified,
    LastModifiedById: modifiedBy,
    SystemModstamp: lastModified,
  };
}

export function accountRecord(account: CrmAccount, company: Company, lastActivityDay: number | null, integrationUserId: string, rng: SeededRandom): Record<string, unknown> {
  const a = account.address;
  const street = a.line2 ? `${a.street}\n${a.line2}` : a.street;
  const shipping = rng.chance(0.5);
  const record: Record<string, unknown> = {
    Id: account.id,
    Name: account.name,
    Type: account.customer ? (rng.chance(0.9) ? 'Customer - Direct' : 'Customer - Channel') : 'Prospect',
    ParentId: null,
    BillingStreet: street,
    BillingCity: a.city,
    BillingState: a.state,
    BillingPostalCode: a.postalCode,
    BillingCountry: account.blankCountry ? null : a.country,
    ShippingStreet: shipping ? street : null,
    ShippingCity: shipping ? a.city : null,
    ShippingState: shipping ? a.state : null,
    ShippingPostalCode: shipping ? a.postalCode : null,
    ShippingCountry: shipping && !account.blankCountry ? a.country : null,
    Phone: account.phone,
    Website: account.website,
    Industry: rng.chance(0.85) ? company.industry.salesforce : null,
    AnnualRevenue: rng.chance(0.6) ? company.annualRevenue : null,
    NumberOfEmployees: rng.chance(0.7) ? company.employees : null,
    AccountNumber: rng.chance(0.2) ? `A-${rng.int(100_000, 999_999)}` : null,
    Description: null,
    OwnerId: account.ownerId,
    CurrencyIsoCode: company.currency,
    ...audit(account.createdDay, account.modifiedDay, account.id, account.ownerId, rng.chance(0.2) ? integrationUserId : account.ownerId),
    LastActivityDate: lastActivityDay === null ? null : dayIso(lastActivityDay),
  };
  if (account.erpCustomerRef !== null) record.ERP_Customer_Id__c = account.erpCustomerRef;
  return record;
}

const FORECAST: Readonly<Record<string, string>> = { won: 'Closed', lost: 'Omitted', open: 'Pipeline' };
const NEXT_STEPS = ['Send proposal', 'Schedule demo', 'Legal review', 'Follow up with procurement', 'Security questionnaire'];

export function opportunityRecord(deal: Deal, rng: SeededRandom): Record<string, unknown> {
  const { year, quarter } = fiscalYearQuarter(deal.closeDay);
  const closed = deal.state !== 'open';
  return {
    Id: deal.id,
    AccountId: deal.account.id,
    Name: deal.name,
    Description: null,
    StageName: deal.stage,
    Amount: deal.amountCents / 100,
    Probability: deal.probability,
    CloseDate: dayIso(deal.closeDay),
    Type: deal.newBusiness ? 'New Customer' : rng.chance(0.7) ? 'Existing Customer - Upgrade' : 'Existing Customer - Replacement',
    NextStep: closed ? null : rng.chance(0.4) ? rng.pick(NEXT_STEPS) : null,
    LeadSource: deal.leadSource,
    IsClosed: closed,
    IsWon: deal.state === 'won',
    ForecastCategory: FORECAST[deal.state],
    ForecastCategoryName: FORECAST[deal.state],
    CurrencyIsoCode: deal.currency,
    HasOpportunityLineItem: deal.lines.length > 0,
    Pricebook2Id: SELLER.salesforcePricebookId,
    OwnerId: deal.ownerId,
    ...audit(deal.createdDay, deal.modifiedDay, deal.id, deal.ownerId, deal.ownerId),
    LastActivityDate: rng.chance(0.6) ? dayIso(Math.min(deal.modifiedDay, deal.closeDay)) : null,
    FiscalQuarter: quarter,
    FiscalYear: year,
  };
}

export function lineItemRecords(deal: Deal, nextId: () => string): Record<string, unknown>[] {
  return deal.lines.map((line, i) => {
    const id = nextId();
    return {
      Id: id,
      OpportunityId: deal.id,
      SortOrder: i + 1,
      PricebookEntryId: line.product.salesforcePricebookEntryIds[deal.currency],
      Product2Id: line.product.salesforceProduct2Id,
      ProductCode: line.product.code,
      Name: line.product.name,
      Quantity: line.quantity,
      TotalPrice: line.totalCents / 100,
      UnitPrice: line.unitCents / 100,
      ListPrice: line.listCents / 100,
      ServiceDate: dayIso(deal.closeDay),
      Description: null,
      Discount: null,
      CurrencyIsoCode: deal.currency,
      ...audit(deal.createdDay, deal.modifiedDay, id, deal.ownerId, deal.ownerId),
    };
  });
}

export function userRecord(user: SalesforceUser, lastDay: number): Record<string, unknown> {
  const created = stamp(user.createdDay, user.id);
  const touched = stamp(Math.max(user.createdDay, lastDay - 30), user.id, 1);
  const modified = touched < created ? created : touched;
  return {
    Id: user.id,
    Username: user.username,
    FirstName: user.firstName,
    LastName: user.lastName,
    Name: `${user.firstName} ${user.lastName}`,
    Email: user.email,
    IsActive: user.isActive,
    Title: user.title,
    Department: user.department,
    ManagerId: user.managerId,
    CreatedDate: created,
    LastModifiedDate: modified,
    SystemModstamp: modified,
  };
}
