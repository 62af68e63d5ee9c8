import { useEffect, useRef, useState } from 'react';
import { personName } from '../../clinical/person-name.js';
import { LoadingStatus } from '../../components/loading-status.js';
import { Page } from '../../components/page.js';
import { ProblemDetails } from '../../components/problem-details.js';
import { createFhirClient } from '../../fhir/fhir-client.js';
import type { Patient } from '../../fhir/resources.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { Link } from '../../routing/link.js';
import { useRouter } from '../../routing/router.js';
import { completeSignIn } from '../../session/openid-client.js';
import { useSession } from '../../session/session-context.js';
import { homeFor } from './home-for.js';

/** The provider sends the browser back here with a code: swap it for tokens, then go on. */
export function SignedInPage() {
  const { t } = useI18n();
  const { location, navigate } = useRouter();
  const { startSession } = useSession();
  const [failure, setFailure] = useState<unknown>();
  // A code can be swapped once: the effect must not run twice (React's development double run).
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    (async () => {
      const { tokens, returnTo } = await completeSignIn(location.search);
      let session = startSession({ tokens });
      if (!session) throw new Error('The sign-in service sent a token these pages cannot read.');
      if (session.patientId) {
        // The name of the person whose record this is, for the header and "acting for".
        const client = createFhirClient({ baseUrl: '/fhir', headers: () => session!.authHeaders() });
        const patient = await client.read<Patient>('Patient', session.patientId).catch(() => undefined);
        session = startSession({ tokens, patientName: personName(patient?.name) }) ?? session;
      }
      navigate(returnTo || homeFor(session), { replace: true });
    })().catch((error: unknown) => setFailure(error));
  }, [location.search, navigate, startSession]);

  if (failure !== undefined) {
    return (
      <Page title={t('signIn.problemTitle')}>
        <p>{t('signIn.problemBody')}</p>
        <p>
          <Link to="/sign-in">{t('signIn.again')}</Link>
        </p>
        <ProblemDetails error={failure} />
        <p className="nhsuk-body-s" lang="en">
          {failure instanceof Error ? failure.message : ''}
        </p>
      </Page>
    );
  }
  return (
    <Page title={t('signIn.signingIn')}>
      <LoadingStatus label={t('signIn.signingIn')} />
    </Page>
  );
}
