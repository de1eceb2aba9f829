import type { SandboxDb } from '../store/sandbox-db.ts';
import type { SandboxOptions } from '../sandbox-options.ts';
import type { ApiRequest } from '../http/api-types.ts';
import type { OrgSchema } from './org-schema.ts';
import type { ApiUsage } from './limits.ts';
import type { Session, SessionStore } from './session-store.ts';
import type { CursorStore } from './query-cursors.ts';
import type { IdGenerator } from './id-generator.ts';
import type { RowLockFault } from '../faults/row-lock-fault.ts';

/** Everything the Salesforce endpoints share. */
export interface SfContext {
  db: SandboxDb;
  org: OrgSchema;
  options: SandboxOptions['salesforce'];
  usage: ApiUsage;
  sessions: SessionStore;
  cursors: CursorStore;
  ids: IdGenerator;
  /** The `--faults` row-lock rate: decides which written records fail with UNABLE_TO_LOCK_ROW. */
  rowLocks: RowLockFault;
  now: () => number;
}

/** An authenticated REST request: the session and the API version of its path (`62.0`). */
export interface SfRequest extends ApiRequest {
  session: Session;
  apiVersion: string;
}

export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';
