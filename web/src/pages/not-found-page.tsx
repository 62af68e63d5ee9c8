import { Page } from '../components/page.js';
import { useI18n } from '../i18n/i18n-context.js';
import { Link } from '../routing/link.js';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Page title={t('notFound.title')}>
      <p>{t('notFound.body')}</p>
      <p>
        <Link to="/">{t('problem.goHome')}</Link>
      </p>
    </Page>
  );
}
