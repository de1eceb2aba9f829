import type { SourceName } from '../systems/api/api-types.ts';

export type CrmSystem = Exclude<SourceName, 'netsuite'>;
export const CRM_SYSTEMS: readonly CrmSystem[] = ['salesforce', 'hubspot'];

/** How a value is compared and sent: text as is, money to the cent, dates as YYYY-MM-DD. */
export type FieldType = 'text' | 'picklist' | 'money' | 'number' | 'date' | 'boolean';

/** One CRM field closeloop owns: the mart column it comes from and its name in each CRM. */
export interface SyncField {
  /** Column of the source mart (also the field's CRM-neutral name in configs and logs). */
  readonly column: string;
  readonly salesforce: string;
  readonly hubspot: string;
  readonly label: string;
  readonly type: FieldType;
  /** Picklist values, in the order a CRM shows them. */
  readonly options?: readonly string[];
  /** Fields of a group travel together in meta.sync_log (one row per record and group). */
  readonly group: string;
}

/** A kind of CRM record written back: where its desired values come from and which fields it gets. */
export interface SyncTarget {
  readonly kind: 'account' | 'deal';
  /** The mart holding one row per CRM record (with a `system` column). */
  readonly source: string;
  /** The column holding the CRM record id. */
  readonly key: string;
  /** SQL condition on the source rows that may be written (rows outside it are left alone). */
  readonly where: string;
  readonly objects: Readonly<Record<CrmSystem, string>>;
  readonly fields: readonly SyncField[];
}

const PAYMENT_STATUSES = ['no_invoices', 'paid', 'open', 'overdue', 'credit_hold'] as const;
const HEALTH_BANDS = ['green', 'yellow', 'red'] as const;
const INVOICE_STATUSES = ['not_invoiced', 'partially_invoiced', 'invoiced', 'paid'] as const;

/** The ERP facts written to CRM accounts and deals (DESIGN.md, "Fields written back to the CRM"). */
export const SYNC_TARGETS: readonly SyncTarget[] = [
  {
    kind: 'account',
    source: 'mart.account_health',
    key: 'crm_id',
    where: 'erp_customer_id IS NOT NULL',
    objects: { salesforce: 'Account', hubspot: 'companies' },
    fields: [
      { column: 'erp_customer_id', salesforce: 'ERP_Customer_Id__c', hubspot: 'erp_customer_id', label: 'ERP Customer Id', type: 'text', group: 'erp_ids' },
      { column: 'payment_status', salesforce: 'ERP_Payment_Status__c', hubspot: 'erp_payment_status', label: 'ERP Payment Status', type: 'picklist', options: PAYMENT_STATUSES, group: 'payment' },
      { column: 'open_balance_crm_currency', salesforce: 'ERP_Open_Balance__c', hubspot: 'erp_open_balance', label: 'ERP Open Balance', type: 'money', group: 'payment' },
      { column: 'overdue_balance_crm_currency', salesforce: 'ERP_Overdue_Balance__c', hubspot: 'erp_overdue_balance', label: 'ERP Overdue Balance', type: 'money', group: 'payment' },
      { column: 'oldest_overdue_due_date', salesforce: 'ERP_Oldest_Overdue_Date__c', hubspot: 'erp_oldest_overdue_date', label: 'ERP Oldest Overdue Date', type: 'date', group: 'payment' },
      { column: 'credit_hold', salesforce: 'ERP_Credit_Hold__c', hubspot: 'erp_credit_hold', label: 'ERP Credit Hold', type: 'boolean', group: 'payment' },
      { column: 'last_payment_date', salesforce: 'ERP_Last_Payment_Date__c', hubspot: 'erp_last_payment_date', label: 'ERP Last Payment Date', type: 'date', group: 'payment' },
      { column: 'health', salesforce: 'ERP_Health__c', hubspot: 'erp_health', label: 'ERP Health', type: 'picklist', options: HEALTH_BANDS, group: 'health' },
      { column: 'health_score', salesforce: 'ERP_Health_Score__c', hubspot: 'erp_health_score', label: 'ERP Health Score', type: 'number', group: 'health' },
    ],
  },
  {
    kind: 'deal',
    source: 'mart.deal_billing',
    key: 'opportunity_id',
    // A deal whose customer is not tied to NetSuite has no ERP facts yet (its billing is unknown, not absent).
    where: 'erp_customer_id IS NOT NULL',
    objects: { salesforce: 'Opportunity', hubspot: 'deals' },
    fields: [
      { column: 'invoice_status', salesforce: 'ERP_Invoice_Status__c', hubspot: 'erp_invoice_status', label: 'ERP Invoice Status', type: 'picklist', options: INVOICE_STATUSES, group: 'invoice' },
      { column: 'invoiced_amount_deal_currency', salesforce: 'ERP_Invoiced_Amount__c', hubspot: 'erp_invoiced_amount', label: 'ERP Invoiced Amount', type: 'money', group: 'invoice' },
      { column: 'sales_order_number', salesforce: 'ERP_Order_Number__c', hubspot: 'erp_order_number', label: 'ERP Order Number', type: 'text', group: 'invoice' },
    ],
  },
];

/** The field's name in one CRM. */
export function crmFieldName(field: SyncField, system: CrmSystem): string {
  return system === 'salesforce' ? field.salesforce : field.hubspot;
}

/** Every mart column written back, for config validation. */
export function syncColumns(): string[] {
  return SYNC_TARGETS.flatMap((t) => t.fields.map((f) => f.column));
}
