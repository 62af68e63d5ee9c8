import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type Provider from 'oidc-provider';
import type { AccountDirectory, SignInAccount } from '../auth/index.js';
import { escapeHtml, SIGN_IN_PATH } from '../auth/index.js';
import { errors } from '../fhir/index.js';
import { WEB_APP_CSP } from './web-app.js';

export interface SignInPagesDeps {
  provider: Provider;
  accounts: AccountDirectory;
  /** Demo mode: the page offers the demo accounts. Otherwise there are no built-in accounts. */
  demo: boolean;
  /** The built web app, whose NHS.UK stylesheet the pages share. */
  webDistDir?: string;
}

/**
 * The embedded provider's sign-in pages, server-rendered: NHS.UK frontend markup and the web app's
 * stylesheet, no scripts (the strict CSP allows none inline), usable at 320 px. In demo mode a button
 * per demo account signs in without a password; the web app is Heartwood's own client, so consent to
 * the scopes it asks for is recorded without a second page.
 */
export function registerSignInPages(app: FastifyInstance, deps: SignInPagesDeps): void {
  const stylesheet = deps.webDistDir ? findStylesheet(deps.webDistDir) : undefined;
  const page = (reply: FastifyReply, status: number, title: string, body: string) =>
    reply
      .code(status)
      .header('Content-Security-Policy', WEB_APP_CSP)
      .header('Cache-Control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(layout(title, body, stylesheet));

  app.get<{ Params: { uid: string } }>(`${SIGN_IN_PATH}/:uid`, async (request, reply) => {
    const details = await interaction(deps.provider, request.raw, reply.raw, request.params.uid);
    if (!details) return page(reply, 400, 'Sign-in expired', expiredBody());
    if (details.prompt.name === 'login') {
      return page(
        reply,
        200,
        'Sign in',
        loginBody(request.params.uid, deps.demo ? deps.accounts.list() : []),
      );
    }
    // Consent: grant what the (first-party) client asked for.
    const { Grant } = deps.provider;
    const grant = details.grantId
      ? await Grant.find(details.grantId)
      : new Grant({ accountId: details.session!.accountId, clientId: details.params.client_id as string });
    if (!grant) return page(reply, 400, 'Sign-in expired', expiredBody());
    const missing = details.prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const grantId = await grant.save();
    const to = await deps.provider.interactionResult(request.raw, reply.raw, { consent: { grantId } });
    return reply.redirect(to, 303);
  });

  app.post<{ Params: { uid: string } }>(`${SIGN_IN_PATH}/:uid/login`, async (request, reply) => {
    const details = await interaction(deps.provider, request.raw, reply.raw, request.params.uid);
    if (!details) return page(reply, 400, 'Sign-in expired', expiredBody());
    const form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
    const account = deps.demo ? deps.accounts.find(form.get('account') ?? '') : undefined;
    if (!account) throw errors.badRequest('Choose an account to sign in with.');
    const to = await deps.provider.interactionResult(request.raw, reply.raw, {
      login: { accountId: account.id },
    });
    return reply.redirect(to, 303);
  });
}

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

/** The interaction the browser's cookie names, if it is this page's and still alive. */
async function interaction(
  provider: Provider,
  req: Parameters<Provider['interactionDetails']>[0],
  res: Parameters<Provider['interactionDetails']>[1],
  uid: string,
): Promise<Details | undefined> {
  try {
    const details = await provider.interactionDetails(req, res);
    return details.uid === uid ? details : undefined;
  } catch {
    return undefined;
  }
}

function findStylesheet(distDir: string): string | undefined {
  try {
    const html = readFileSync(join(distDir, 'index.html'), 'utf8');
    return /<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/.exec(html)?.[1];
  } catch {
    return undefined;
  }
}

function layout(title: string, body: string, stylesheet: string | undefined): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Heartwood</title>
${stylesheet ? `<link rel="stylesheet" href="${escapeHtml(stylesheet)}">` : ''}
</head>
<body>
<a class="nhsuk-skip-link" href="#maincontent">Skip to main content</a>
<header class="nhsuk-header" role="banner">
<div class="nhsuk-header__container nhsuk-width-container">
<div class="nhsuk-header__service">
<a class="nhsuk-header__service-logo" href="/" aria-label="Heartwood home page"><span class="nhsuk-header__service-name">Heartwood</span></a>
</div>
</div>
</header>
<div class="nhsuk-width-container">
<main class="nhsuk-main-wrapper" id="maincontent">
<div class="nhsuk-grid-row">
<div class="nhsuk-grid-column-two-thirds">
${body}
</div>
</div>
</main>
</div>
</body>
</html>`;
}

function loginBody(uid: string, accounts: SignInAccount[]): string {
  if (accounts.length === 0) {
    return `<h1>Sign in to Heartwood</h1>
<p class="nhsuk-body-l">Sign in through your organisation or NHS login.</p>
<p>This server has no accounts of its own. Ask your administrator how to sign in.</p>`;
  }
  const cards = accounts
    .map(
      (a) => `<li>
<div class="nhsuk-card">
<div class="nhsuk-card__content">
<h2 class="nhsuk-card__heading nhsuk-heading-m">${escapeHtml(a.name)}</h2>
<p class="nhsuk-card__description nhsuk-u-margin-bottom-3">${escapeHtml(a.description)}</p>
<button class="nhsuk-button nhsuk-u-margin-bottom-0" type="submit" name="account" value="${escapeHtml(a.id)}" aria-label="Sign in as ${escapeHtml(a.name)}, ${escapeHtml(a.description)}">Sign in as ${escapeHtml(a.name)}</button>
</div>
</div>
</li>`,
    )
    .join('\n');
  return `<h1>Sign in to Heartwood</h1>
<div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">Information: </span>
<p>This is a demonstration with made-up people. Choose who to sign in as; no password is needed.</p>
</div>
<form method="post" action="${SIGN_IN_PATH}/${encodeURIComponent(uid)}/login">
<ul class="nhsuk-list">
${cards}
</ul>
</form>`;
}

function expiredBody(): string {
  return `<h1>Your sign-in has expired</h1>
<p>Sign-in pages only stay open for 15 minutes. <a href="/">Start again from the home page</a>.</p>`;
}
