import type { ApiRequest, ApiResponse } from './http/api-types.ts';
import type { SandboxDb } from './store/sandbox-db.ts';
import type { LoadedDataset } from './dataset/dataset-loader.ts';
import type { SandboxOptions } from './sandbox-options.ts';
import type { SystemName } from './dataset/dataset-schema.ts';

/** What each emulated API is given: the loaded state and the options. */
export interface SandboxContext {
  db: SandboxDb;
  dataset: LoadedDataset;
  options: SandboxOptions;
}

/** One emulated SaaS API, served on its own loopback port by `sandbox-server.ts`. */
export interface EmulatedSystem {
  readonly name: SystemName;
  /** Answers one request: authentication, routing, the system's own error format. */
  handle(req: ApiRequest): Promise<ApiResponse>;
  /** The system's real answer when it throttles `req` (status, headers and body). */
  tooManyRequests(req?: ApiRequest): ApiResponse;
  /** The system's real answer to a transient server fault (5xx) on `req`. */
  serverError(req?: ApiRequest): ApiResponse;
}
