import { randomBytes } from 'node:crypto';

export interface Session {
  token: string;
  userId: string;
  issuedAt: number;
  lastUsedAt: number;
}

/**
 * OAuth access tokens and their sessions. Like Salesforce, a session times out after `ttlSeconds` of
 * inactivity (each use extends it). A token just issued is always valid: jsforce refreshes on 401 and
 * would loop if the fresh token were refused.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly ttlMs: number;
  private readonly orgId: string;
  private readonly now: () => number;

  constructor(input: { ttlSeconds: number; orgId: string; now?: () => number }) {
    this.ttlMs = Math.max(1, input.ttlSeconds) * 1000;
    this.orgId = input.orgId;
    this.now = input.now ?? Date.now;
  }

  issue(userId: string): Session {
    const token = `${this.orgId.slice(0, 15)}!AQ${randomBytes(64).toString('base64url')}`;
    const at = this.now();
    const session: Session = { token, userId, issuedAt: at, lastUsedAt: at };
    this.sessions.set(token, session);
    return session;
  }

  /** The live session of a token (extending it), or undefined when unknown or timed out. */
  use(token: string): Session | undefined {
    const session = this.sessions.get(token);
    if (!session) return undefined;
    const at = this.now();
    if (at - session.lastUsedAt > this.ttlMs) {
      this.sessions.delete(token);
      return undefined;
    }
    session.lastUsedAt = at;
    return session;
  }

  revoke(token: string): boolean {
    return this.sessions.delete(token);
  }

  /** Ends every session (tests use it to exercise jsforce's transparent re-login). */
  expireAll(): void {
    this.sessions.clear();
  }
}

/** The token from `Authorization: Bearer <token>` (or the older `OAuth <token>`). */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(value ?? '');
  return match?.[1];
}
