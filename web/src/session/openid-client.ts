import { randomToken, s256Challenge } from './pkce.js';

/**
 * The web app as an OpenID Connect public client (`heartwood-web`): authorization code with PKCE,
 * refresh, revocation. It needs only the provider's discovery document, so the provider can move.
 */
export const CLIENT_ID = 'heartwood-web';
const SCOPES = 'openid fhirUser launch/patient patient/*.cruds user/*.cruds offline_access';
const DISCOVERY = '/oidc/.well-known/openid-configuration';
const PENDING_KEY = 'heartwood.sign-in';

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
  revocation_endpoint?: string;
}

export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
}

export class SignInError extends Error {
  override readonly name = 'SignInError';
}

async function discover(): Promise<Discovery> {
  const response = await fetch(DISCOVERY, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new SignInError(`The sign-in service did not answer (HTTP ${response.status}).`);
  return (await response.json()) as Discovery;
}

/** The endpoints are absolute URLs on the provider's public address: the pages keep to their own origin. */
function samePlace(url: string): string {
  const parsed = new URL(url, window.location.href);
  return `${parsed.pathname}${parsed.search}`;
}

const redirectUri = () => `${window.location.origin}/signed-in`;

/** Sends the browser to the provider's sign-in page; `returnTo` is where to come back to afterwards. */
export async function startSignIn(returnTo: string): Promise<void> {
  const { authorization_endpoint } = await discover();
  const state = randomToken();
  const verifier = randomToken();
  window.sessionStorage.setItem(PENDING_KEY, JSON.stringify({ state, verifier, returnTo }));
  const url = new URL(authorization_endpoint, window.location.href);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: redirectUri(),
    scope: SCOPES,
    state,
    code_challenge: await s256Challenge(verifier),
    code_challenge_method: 'S256',
    // Always ask who is signing in (a shared computer must not sign the next person in as the last),
    // and let the provider record the grant, which refresh tokens need.
    prompt: 'login consent',
  }).toString();
  window.location.assign(url.toString());
}

async function tokenRequest(form: Record<string, string>): Promise<TokenSet> {
  const { token_endpoint } = await discover();
  const response = await fetch(samePlace(token_endpoint), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({ client_id: CLIENT_ID, ...form }).toString(),
  });
  const body = (await response.json().catch(() => ({}))) as {
    access_token?: string;
    refresh_token?: string;
    error_description?: string;
  };
  if (!response.ok || !body.access_token)
    throw new SignInError(body.error_description ?? `The sign-in service refused (HTTP ${response.status}).`);
  return { accessToken: body.access_token, refreshToken: body.refresh_token };
}

/** Back from the provider at /signed-in: checks `state`, swaps the code for tokens. */
export async function completeSignIn(search: string): Promise<{ tokens: TokenSet; returnTo: string }> {
  const params = new URLSearchParams(search);
  const pending = JSON.parse(window.sessionStorage.getItem(PENDING_KEY) ?? 'null') as {
    state: string;
    verifier: string;
    returnTo: string;
  } | null;
  window.sessionStorage.removeItem(PENDING_KEY);
  if (params.get('error')) throw new SignInError(params.get('error_description') ?? params.get('error')!);
  const code = params.get('code');
  if (!pending || !code || params.get('state') !== pending.state)
    throw new SignInError('This sign-in was not started here, or has expired.');
  const tokens = await tokenRequest({
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri(),
    code_verifier: pending.verifier,
  });
  return { tokens, returnTo: pending.returnTo };
}

export function refreshTokens(refreshToken: string): Promise<TokenSet> {
  return tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken });
}

/** Revokes the refresh token at sign-out, so it cannot be used again (best effort). */
export async function revoke(refreshToken: string): Promise<void> {
  try {
    const { revocation_endpoint } = await discover();
    if (!revocation_endpoint) return;
    await fetch(samePlace(revocation_endpoint), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: CLIENT_ID,
        token: refreshToken,
        token_type_hint: 'refresh_token',
      }),
    });
  } catch {
    // Signing out locally still happens; the token dies with its lifetime.
  }
}
