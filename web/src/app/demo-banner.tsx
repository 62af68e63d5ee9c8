import { useI18n } from '../i18n/i18n-context.js';

/** On every page while Heartwood runs on demo data: nobody should mistake it for a real record. */
export function DemoBanner() {
  const { t } = useI18n();
  return (
    <div className="app-demo-banner">
      <div className="nhsuk-width-container">
        <p className="nhsuk-body-s app-demo-banner__text">
          <strong className="nhsuk-tag nhsuk-tag--orange app-demo-banner__tag">{t('demo.tag')}</strong>{' '}
          {t('demo.banner')}
        </p>
      </div>
    </div>
  );
}
