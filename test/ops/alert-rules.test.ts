import { describe, expect, it } from 'vitest';
import { alertsFor } from '../../ops/alert-rules.ts';
import type { RunOutcome } from '../../ops/run-outcome.ts';
import type { SourceFreshness } from '../../ops/source-freshness.ts';
import { clearRegisteredSecrets, registerSecrets } from '../../ops/secret-redaction.ts';

const clean: RunOutcome = {
  runId: 'run-20261101T020000-1a2b3c4d',
  asOf: new Date('2026-11-01T02:00:00Z'),
  startedAt: new Date('2026-11-01T02:00:00Z'),
  finishedAt: new Date('2026-11-01T02:10:00Z'),
  exitCode: 0,
  stages: { extract: { status: 'ok', seconds: 60 }, build: { status: 'ok', seconds: 30 } },
  warnings: [],
  quotaStops: [],
  failedTests: [],
  deadLettersAdded: 0,
};
const noContext = { staleSources: [], deadLetterGrowth: 0 };
const fresh: SourceFreshness = { source: 'hubspot', lastSuccessAt: new Date('2026-11-01T02:05:00Z'), hoursSince: 1, stale: false };

describe('alertsFor', () => {
  it('sends nothing for a clean run with fresh sources', () => {
    expect(alertsFor(clean, { staleSources: [fresh], deadLetterGrowth: 0 })).toEqual([]);
  });

  it('alerts a failed run with the error and the failed stage, secrets redacted', () => {
    registerSecrets(['sf-secret-value']);
    try {
      const failed: RunOutcome = { ...clean, exitCode: 1, error: 'INVALID_LOGIN for sf-secret-value', stages: { extract: { status: 'failed', seconds: 3, message: 'salesforce/Account: HTTP 500' } } };
      const [alert, ...rest] = alertsFor(failed, noContext);
      expect(rest).toEqual([]);
      expect(alert).toMatchObject({ kind: 'failure', severity: 'error', title: 'Run run-20261101T020000-1a2b3c4d failed' });
      expect(alert!.detail).toContain('• INVALID_LOGIN for [redacted]\n• extract: salesforce/Account: HTTP 500');
    } finally {
      clearRegisteredSecrets();
    }
  });

  it('alerts a quota stop naming the sources', () => {
    const alerts = alertsFor({ ...clean, exitCode: 2, quotaStops: ['salesforce', 'hubspot'] }, noContext);
    expect(alerts.map((a) => [a.kind, a.severity, a.title])).toEqual([['quota_stop', 'warning', 'Stopped at the daily API quota: salesforce, hubspot']]);
  });

  it('alerts failed data tests, listing each with its failing rows', () => {
    const failedTests = [{ model: 'mart.leakage', name: 'unique finding_id', failingRows: 3 }, { model: 'mart.account_health', name: 'not_null master_id', failingRows: 1 }];
    const alerts = alertsFor({ ...clean, exitCode: 1, failedTests, stages: { build: { status: 'failed', seconds: 9 } } }, noContext);
    expect(alerts.map((a) => a.kind)).toEqual(['failure', 'data_test_failure']);
    expect(alerts[1]!.title).toBe('2 data test(s) failed: nothing was written back to the CRM');
    expect(alerts[1]!.detail).toBe('• `mart.leakage` unique finding_id: 3 failing row(s)\n• `mart.account_health` not_null master_id: 1 failing row(s)');
  });

  it('alerts dead-letter growth only above the configured threshold', () => {
    expect(alertsFor({ ...clean, deadLettersAdded: 5 }, { staleSources: [], deadLetterGrowth: 5 })).toEqual([]);
    const alerts = alertsFor({ ...clean, deadLettersAdded: 6 }, { staleSources: [], deadLetterGrowth: 5 });
    expect(alerts.map((a) => [a.kind, a.title])).toEqual([['dead_letter_growth', '6 record(s) refused by the CRM for good']]);
    expect(alerts[0]!.detail).toContain('threshold 5');
  });

  it('alerts stale sources, saying when each last succeeded', () => {
    const staleSources: SourceFreshness[] = [
      fresh,
      { source: 'netsuite', lastSuccessAt: new Date('2026-10-30T02:00:00Z'), hoursSince: 48.5, stale: true },
      { source: 'salesforce', lastSuccessAt: null, hoursSince: null, stale: true },
    ];
    const alerts = alertsFor(clean, { staleSources, deadLetterGrowth: 0 });
    expect(alerts.map((a) => [a.kind, a.title])).toEqual([['stale_source', 'Stale source(s): netsuite, salesforce']]);
    expect(alerts[0]!.detail).toBe('• netsuite: last extracted successfully 2026-10-30T02:00:00.000Z (48 h ago)\n• salesforce: never extracted successfully');
  });

  it('reports every condition of a bad night at once, most severe first', () => {
    const outcome: RunOutcome = { ...clean, exitCode: 1, error: 'boom', quotaStops: ['netsuite'], failedTests: [{ model: 'm', name: 't', failingRows: 1 }], deadLettersAdded: 2 };
    const kinds = alertsFor(outcome, { staleSources: [{ source: 'netsuite', lastSuccessAt: null, hoursSince: null, stale: true }], deadLetterGrowth: 0 }).map((a) => a.kind);
    expect(kinds).toEqual(['failure', 'data_test_failure', 'quota_stop', 'dead_letter_growth', 'stale_source']);
  });
});
