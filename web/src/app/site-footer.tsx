import { useI18n } from '../i18n/i18n-context.js';

export function SiteFooter() {
  const { t } = useI18n();
  return (
    <footer className="nhsuk-footer" role="contentinfo">
      <div className="nhsuk-width-container">
        <div className="nhsuk-footer__meta">
          <p className="nhsuk-body-s">{t('footer.about')}</p>
        </div>
      </div>
    </footer>
  );
}
