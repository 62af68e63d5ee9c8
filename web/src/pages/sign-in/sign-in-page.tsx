import { useState } from 'react';
import { Page } from '../../components/page.js';
import { SectionProblem } from '../../components/section-problem.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useRouter } from '../../routing/router.js';
import { startSignIn } from '../../session/openid-client.js';

/** Where anyone without a session starts: what Heartwood is, and the way to sign in. */
export function SignInPage() {
  const { t } = useI18n();
  const { location } = useRouter();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const returnTo = new URLSearchParams(location.search).get('return') ?? '';
  const signIn = () => {
    setBusy(true);
    // Only a path of these pages, never another site.
    startSignIn(returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '').catch(
      (error: unknown) => {
        setFailure(error);
        setBusy(false);
      },
    );
  };
  return (
    <Page title={t('signIn.title')}>
      <p className="nhsuk-body-l">{t('signIn.intro')}</p>
      <div className="nhsuk-inset-text">
        <span className="nhsuk-u-visually-hidden">{t('signIn.demoHidden')} </span>
        <p>{t('signIn.demoExplained')}</p>
        <ul>
          <li>{t('signIn.demoPatient')}</li>
          <li>{t('signIn.demoProxy')}</li>
          <li>{t('signIn.demoClinician')}</li>
          <li>{t('signIn.demoPrivacy')}</li>
        </ul>
      </div>
      {failure !== undefined && <SectionProblem message={t('signIn.failed')} error={failure} />}
      <button className="nhsuk-button" type="button" onClick={signIn} aria-disabled={busy || undefined}>
        {busy ? t('signIn.going') : t('signIn.button')}
      </button>
    </Page>
  );
}
