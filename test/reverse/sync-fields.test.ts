import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYNC_TARGETS } from '../../reverse/sync-fields.ts';
import { SALESFORCE_METADATA_DIR } from '../../reverse/salesforce-field-setup.ts';
import { PAYMENT_STATUSES } from '../../models/marts/mart-account-health.ts';
import { HEALTH_BANDS } from '../../models/marts/health-score.ts';
import { INVOICE_STATUSES } from '../../models/marts/mart-deal-billing.ts';
import { SF_ACCOUNT_ERP_FIELDS, SF_OPPORTUNITY_ERP_FIELDS } from '../../sandbox/salesforce/salesforce-objects.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const fieldsOf = (kind: string) => SYNC_TARGETS.find((t) => t.kind === kind)!.fields;
const SALESFORCE_TYPES = { text: 'Text', picklist: 'Picklist', money: 'Currency', number: 'Number', date: 'Date', boolean: 'Checkbox' } as const;

describe('the fields written back', () => {
  it('are the design\'s fields, with the picklist values the marts produce', () => {
    expect(new Set(fieldsOf('account').map((f) => f.salesforce))).toEqual(new Set(['ERP_Customer_Id__c', 'ERP_Payment_Status__c', 'ERP_Open_Balance__c', 'ERP_Overdue_Balance__c',
      'ERP_Oldest_Overdue_Date__c', 'ERP_Credit_Hold__c', 'ERP_Health__c', 'ERP_Health_Score__c', 'ERP_Last_Payment_Date__c']));
    expect(fieldsOf('deal').map((f) => f.salesforce)).toEqual(['ERP_Invoice_Status__c', 'ERP_Invoiced_Amount__c', 'ERP_Order_Number__c']);
    for (const field of SYNC_TARGETS.flatMap((t) => t.fields)) expect(field.hubspot).toBe(field.salesforce.replace(/__c$/, '').toLowerCase());
    const options = Object.fromEntries(SYNC_TARGETS.flatMap((t) => t.fields).filter((f) => f.options).map((f) => [f.column, [...f.options!].sort()]));
    expect(options).toEqual({ payment_status: [...PAYMENT_STATUSES].sort(), health: [...HEALTH_BANDS].sort(), invoice_status: [...INVOICE_STATUSES].sort() });
  });

  it('match the Salesforce org the sandbox emulates (names, types, picklist values)', () => {
    const org = new Map([...SF_ACCOUNT_ERP_FIELDS, ...SF_OPPORTUNITY_ERP_FIELDS].map((f) => [f.name, f]));
    for (const field of SYNC_TARGETS.flatMap((t) => t.fields)) {
      expect(org.has(field.salesforce), field.salesforce).toBe(true);
      if (field.options) expect([...(org.get(field.salesforce)!.picklistValues ?? [])].sort()).toEqual([...field.options].sort());
    }
  });

  it('ship as a Salesforce metadata package: every field with its type, and a permission set that can edit each', async () => {
    const dir = path.join(ROOT, SALESFORCE_METADATA_DIR);
    const pkg = await readFile(path.join(dir, 'package.xml'), 'utf8');
    const permissions = await readFile(path.join(dir, 'permissionsets', 'Closeloop_Integration.permissionset'), 'utf8');
    for (const target of SYNC_TARGETS) {
      const object = target.objects.salesforce;
      const xml = await readFile(path.join(dir, 'objects', `${object}.object`), 'utf8');
      const declared = [...xml.matchAll(/<fullName>(ERP_\w+__c)<\/fullName>[\s\S]*?<type>(\w+)<\/type>/g)].map((m) => [m[1], m[2]]);
      expect(declared).toEqual(target.fields.map((f) => [f.salesforce, SALESFORCE_TYPES[f.type]]));
      for (const field of target.fields) {
        expect(pkg).toContain(`<members>${object}.${field.salesforce}</members>`);
        expect(permissions).toMatch(new RegExp(`<editable>true</editable>\\s*<field>${object}\\.${field.salesforce}</field>`));
      }
    }
  });
});
