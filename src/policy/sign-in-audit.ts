import type { AuditLog } from '../audit/index.js';
import type { Principal, Role } from '../auth/index.js';

/** What an OpenID provider event tells about who signed in (the part of its context Heartwood reads). */
interface ProviderContext {
  ip?: string;
  oidc?: {
    client?: { clientId?: string };
    entities?: { Account?: { accountId?: string }; Client?: { clientId?: string } };
    params?: { grant_type?: string };
  };
}

export interface SignInAccountLookup {
  find(
    id: string,
  ): { role: Role; name: string; person: string; organization?: string; patient?: string } | undefined;
}

/** The part of an OpenID provider (an EventEmitter) this needs. */
export interface ProviderEvents {
  on(event: string, listener: (ctx: ProviderContext, error?: Error) => void): unknown;
}

/**
 * Sign-ins are interactions too: every token the embedded provider grants (a user signing in, a
 * refresh, a backend service) and every refused grant becomes an AuditEvent (`login`).
 */
export function auditSignIns(provider: ProviderEvents, audit: AuditLog, accounts: SignInAccountLookup): void {
  const principalOf = (ctx: ProviderContext): Principal => {
    const accountId = ctx.oidc?.entities?.Account?.accountId;
    const account = accountId ? accounts.find(accountId) : undefined;
    const clientId = ctx.oidc?.entities?.Client?.clientId ?? ctx.oidc?.client?.clientId;
    return {
      subject: accountId ?? clientId ?? 'unknown',
      role: account?.role ?? 'system',
      name: account?.name ?? clientId ?? 'Unknown client',
      scopes: [],
      ...(account?.person ? { person: account.person } : {}),
      ...(account?.organization ? { organization: account.organization } : {}),
      ...(clientId ? { clientId } : {}),
      ...(ctx.ip ? { address: ctx.ip } : {}),
    };
  };
  const record = (ctx: ProviderContext, outcome: '0' | '4', description?: string) => {
    const principal = principalOf(ctx);
    const patient = accounts.find(principal.subject)?.patient;
    void audit
      .record([
        {
          action: 'E',
          subtype: 'login',
          outcome,
          principal,
          patients: patient && principal.role === 'patient' ? [patient] : [],
          entities: [],
          detail: ctx.oidc?.params?.grant_type ?? 'authorization_code',
          ...(description ? { outcomeDescription: description } : {}),
        },
      ])
      // A sign-in audit that fails is reported by the log itself; the token is already issued.
      .catch(() => undefined);
  };
  provider.on('grant.success', (ctx) => record(ctx, '0'));
  provider.on('grant.error', (ctx, error) => record(ctx, '4', error?.message?.slice(0, 200)));
}
