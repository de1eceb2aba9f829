import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBTimestampValue } from '@duckdb/node-api';
import { withAppender } from '../../warehouse/with-appender.ts';
import type { ApiCallRow } from './api-caller.ts';

/** Appends API call rows to meta.api_calls on the connection (inside its open transaction, if any). */
export async function appendApiCalls(connection: DuckDBConnection, calls: readonly ApiCallRow[]): Promise<void> {
  if (calls.length === 0) return;
  await withAppender(connection, 'api_calls', 'meta', (appender) => {
    for (const call of calls) {
      appender.appendVarchar(call.run_id);
      appender.appendVarchar(call.system);
      appender.appendVarchar(call.method);
      appender.appendVarchar(call.endpoint);
      if (call.status === null) appender.appendNull();
      else appender.appendInteger(call.status);
      appender.appendInteger(call.duration_ms);
      appender.appendTimestamp(new DuckDBTimestampValue(BigInt(call.called_at.getTime()) * 1000n));
      appender.appendInteger(call.retry);
      if (call.error === null) appender.appendNull();
      else appender.appendVarchar(call.error);
      appender.endRow();
    }
  });
}
