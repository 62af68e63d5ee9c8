import { Page } from '../../components/page.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { Link } from '../../routing/link.js';

/** Signed in with a role these pages have nothing for (analysts and administrators use the API). */
export function NoPagesPage() {
  const { t } = useI18n();
  return (
    <Page title={t('noPages.title')}>
      <p>{t('noPages.body')}</p>
      <p>
        <Link to="/sign-out">{t('app.signOut')}</Link>
      </p>
    </Page>
  );
}
