import { SourceNamesProvider } from '../clinical/source-names.js';
import { I18nProvider } from '../i18n/i18n-context.js';
import { Redirect } from '../routing/redirect.js';
import { RouterProvider, useRouter } from '../routing/router.js';
import { SessionProvider, useSession } from '../session/session-context.js';
import { ActingFor } from './acting-for.js';
import { DemoBanner } from './demo-banner.js';
import { resolveRoute } from './routes.js';
import { SiteFooter } from './site-footer.js';
import { SiteHeader } from './site-header.js';
import { SkipLink } from './skip-link.js';

export function App({ fhirBaseUrl }: { fhirBaseUrl: string }) {
  return (
    <I18nProvider>
      <RouterProvider>
        <SessionProvider fhirBaseUrl={fhirBaseUrl}>
          <Layout />
        </SessionProvider>
      </RouterProvider>
    </I18nProvider>
  );
}

function Layout() {
  const { location } = useRouter();
  const { session } = useSession();
  const resolved = resolveRoute(location.pathname, session);
  const back = `${location.pathname}${location.search}`;
  return (
    <>
      <SkipLink />
      <SiteHeader />
      <DemoBanner />
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper app-main" id="maincontent" tabIndex={-1}>
          {/* Keyed by patient: nothing cached for one patient can show on another's pages. */}
          <SourceNamesProvider key={session?.patientId ?? 'none'}>
            {resolved.kind === 'page' && (
              <>
                <ActingFor />
                {resolved.node}
              </>
            )}
            {resolved.kind === 'sign-in' && <Redirect to={`/sign-in?return=${encodeURIComponent(back)}`} />}
            {resolved.kind === 'elsewhere' && <Redirect to={resolved.to} />}
          </SourceNamesProvider>
        </main>
      </div>
      <SiteFooter />
    </>
  );
}
