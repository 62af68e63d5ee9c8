import { useI18n } from '../i18n/i18n-context.js';
import { Link } from '../routing/link.js';
import { useSession } from '../session/session-context.js';

/**
 * Someone acting for another person sees, on every page, whose record it is: nobody should book an
 * appointment or make a choice thinking it is for themselves.
 */
export function ActingFor() {
  const { t } = useI18n();
  const { session } = useSession();
  if (session?.role !== 'proxy' || !session.patientId) return null;
  return (
    <div className="nhsuk-inset-text app-acting-for">
      <p>
        <strong>{t('proxy.actingFor', { name: session.patientName ?? t('proxy.someone') })}</strong>{' '}
        {t('proxy.grantExplained')}
      </p>
      <p>
        <Link to="/acting-for">{t('proxy.switch')}</Link>
      </p>
    </div>
  );
}
