import type { ModelDefinition } from './runner/model-definition.ts';
import { intCustomerClusters } from './intermediate/int-customer-clusters.ts';
import { intCustomerRecords } from './intermediate/int-customer-records.ts';
import { intExistingXrefs } from './intermediate/int-existing-xrefs.ts';
import { intMatchBlockingRules } from './intermediate/int-match-blocking-rules.ts';
import { intMatchCandidates } from './intermediate/int-match-candidates.ts';
import { intMatchLevelWeights } from './intermediate/int-match-level-weights.ts';
import { intMatchPairs } from './intermediate/int-match-pairs.ts';
import { martAccountHealth } from './marts/mart-account-health.ts';
import { martArAging } from './marts/mart-ar-aging.ts';
import { intCurrencyRates } from './intermediate/int-currency-rates.ts';
import { intDealDocuments } from './intermediate/int-deal-documents.ts';
import { intWonDeals } from './intermediate/int-won-deals.ts';
import { martCustomerMaster } from './marts/mart-customer-master.ts';
import { martDealBilling } from './marts/mart-deal-billing.ts';
import { martLeakage } from './marts/mart-leakage.ts';
import { martCustomerXref } from './marts/mart-customer-xref.ts';
import { stgHubspotCompanies } from './staging/stg-hubspot-companies.ts';
import { stgHubspotDeals } from './staging/stg-hubspot-deals.ts';
import { stgHubspotLineItems } from './staging/stg-hubspot-line-items.ts';
import { stgNetsuiteCurrency } from './staging/stg-netsuite-currency.ts';
import { stgNetsuiteCurrencyrate } from './staging/stg-netsuite-currencyrate.ts';
import { stgNetsuiteCustomer } from './staging/stg-netsuite-customer.ts';
import { stgNetsuiteSubsidiary } from './staging/stg-netsuite-subsidiary.ts';
import { stgNetsuiteTransaction } from './staging/stg-netsuite-transaction.ts';
import { stgNetsuiteTransactionline } from './staging/stg-netsuite-transactionline.ts';
import { stgSalesforceAccount } from './staging/stg-salesforce-account.ts';
import { stgSalesforceOpportunity } from './staging/stg-salesforce-opportunity.ts';
import { stgSalesforceOpportunityLineItem } from './staging/stg-salesforce-opportunity-line-item.ts';
import { stgSalesforceUser } from './staging/stg-salesforce-user.ts';

/**
 * Every model `closeloop build` knows, one per file under models/<layer>/ (stg_, int_, marts).
 * Add a model by importing its definition here; order does not matter, the graph decides it.
 */
export const MODELS: readonly ModelDefinition[] = [
  stgSalesforceAccount,
  stgSalesforceOpportunity,
  stgSalesforceOpportunityLineItem,
  stgSalesforceUser,
  stgHubspotCompanies,
  stgHubspotDeals,
  stgHubspotLineItems,
  stgNetsuiteCustomer,
  stgNetsuiteTransaction,
  stgNetsuiteTransactionline,
  stgNetsuiteSubsidiary,
  stgNetsuiteCurrency,
  stgNetsuiteCurrencyrate,
  intExistingXrefs,
  intCustomerRecords,
  intMatchCandidates,
  intMatchBlockingRules,
  intMatchLevelWeights,
  intMatchPairs,
  intCustomerClusters,
  martCustomerXref,
  martCustomerMaster,
  intCurrencyRates,
  intWonDeals,
  intDealDocuments,
  martDealBilling,
  martLeakage,
  martArAging,
  martAccountHealth,
];
