import { useEffect } from 'react';
import { Page } from '../../components/page.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { Link } from '../../routing/link.js';
import { useSession } from '../../session/session-context.js';

/** Signing out: the session ends as this page opens, and says so. */
export function SignedOutPage() {
  const { t } = useI18n();
  const { session, endSession } = useSession();
  useEffect(() => {
    if (session) endSession();
  }, [session, endSession]);
  return (
    <Page title={t('signOut.title')}>
      <p>{t('signOut.body')}</p>
      <p>
        <Link to="/sign-in">{t('signOut.again')}</Link>
      </p>
    </Page>
  );
}
