import { Page } from '../../components/page.js';
import type { MessageId } from '../../i18n/catalogue.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { Link } from '../../routing/link.js';
import { AllergiesSection } from './allergies-section.js';
import { MedicinesSection } from './medicines-section.js';
import { PatientDetails } from './patient-details.js';
import { ProblemsSection } from './problems-section.js';
import { VaccinationsSection } from './vaccinations-section.js';

/** The summary first: what anyone treating the person should know, then the way to the rest. */
export function HomePage({ patientId }: { patientId: string }) {
  const { t } = useI18n();
  return (
    <Page title={t('home.title')}>
      <PatientDetails patientId={patientId} />
      <AllergiesSection patientId={patientId} />
      <MedicinesSection patientId={patientId} />
      <ProblemsSection patientId={patientId} />
      <VaccinationsSection patientId={patientId} />
      <h2 className="nhsuk-heading-m">{t('home.more.heading')}</h2>
      <ul className="nhsuk-grid-row nhsuk-card-group">
        <li className="nhsuk-grid-column-one-half nhsuk-card-group__item">
          <div className="nhsuk-card nhsuk-card--clickable">
            <div className="nhsuk-card__content">
              <h3 className="nhsuk-card__heading nhsuk-heading-s">
                <Link className="nhsuk-card__link" to="/test-results">
                  {t('nav.testResults')}
                </Link>
              </h3>
              <p className="nhsuk-card__description">{t('home.more.testResults')}</p>
            </div>
          </div>
        </li>
        <li className="nhsuk-grid-column-one-half nhsuk-card-group__item">
          <div className="nhsuk-card nhsuk-card--clickable">
            <div className="nhsuk-card__content">
              <h3 className="nhsuk-card__heading nhsuk-heading-s">
                <Link className="nhsuk-card__link" to="/appointments-and-visits">
                  {t('nav.appointments')}
                </Link>
              </h3>
              <p className="nhsuk-card__description">{t('home.more.appointments')}</p>
            </div>
          </div>
        </li>
      </ul>
      <h2 className="nhsuk-heading-m">{t('home.services.heading')}</h2>
      <ul className="nhsuk-grid-row nhsuk-card-group">
        {SERVICES.map((s) => (
          <li className="nhsuk-grid-column-one-half nhsuk-card-group__item" key={s.to}>
            <div className="nhsuk-card nhsuk-card--clickable">
              <div className="nhsuk-card__content">
                <h3 className="nhsuk-card__heading nhsuk-heading-s">
                  <Link className="nhsuk-card__link" to={s.to}>
                    {t(s.nameId)}
                  </Link>
                </h3>
                <p className="nhsuk-card__description">{t(s.aboutId)}</p>
              </div>
            </div>
          </li>
        ))}
      </ul>
    </Page>
  );
}

/** What a patient can do here, beyond reading their record. */
const SERVICES: readonly { to: string; nameId: MessageId; aboutId: MessageId }[] = [
  { to: '/appointments', nameId: 'nav.gpAppointments', aboutId: 'home.services.appointments' },
  { to: '/prescriptions', nameId: 'nav.prescriptions', aboutId: 'home.services.prescriptions' },
  { to: '/choices', nameId: 'nav.choices', aboutId: 'home.services.choices' },
  { to: '/access-log', nameId: 'nav.accessLog', aboutId: 'home.services.accessLog' },
  { to: '/documents', nameId: 'nav.documents', aboutId: 'home.services.documents' },
  { to: '/download', nameId: 'nav.download', aboutId: 'home.services.download' },
];
