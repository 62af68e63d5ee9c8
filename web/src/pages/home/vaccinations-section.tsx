import { CodedName, RecordedAs } from '../../components/coded-name.js';
import { RecordSection } from '../../components/record-section.js';
import { RecordedBy } from '../../components/recorded-by.js';
import { matchedResources } from '../../fhir/bundle-resources.js';
import type { Immunization } from '../../fhir/resources.js';
import { useFhirQuery } from '../../fhir/use-fhir-query.js';
import { useI18n } from '../../i18n/i18n-context.js';

/** Vaccinations given, newest first. */
export function VaccinationsSection({ patientId }: { patientId: string }) {
  const { t } = useI18n();
  const query = useFhirQuery(`vaccinations:${patientId}`, async (client, signal) => {
    const bundle = await client.search(
      'Immunization',
      { patient: `Patient/${patientId}`, _sort: '-date', _count: 100 },
      signal,
    );
    return matchedResources<Immunization>(bundle, 'Immunization').filter(
      (i) => i.status !== 'entered-in-error',
    );
  });
  return (
    <RecordSection
      id="vaccinations"
      heading={t('home.vaccinations.heading')}
      query={query}
      loadingText={t('home.vaccinations.loading')}
      failedText={t('home.vaccinations.failed')}
      emptyText={t('home.vaccinations.empty')}
    >
      {(vaccinations) => vaccinations.map((v) => <VaccinationEntry key={v.id} vaccination={v} />)}
    </RecordSection>
  );
}

function VaccinationEntry({ vaccination }: { vaccination: Immunization }) {
  const { t, date } = useI18n();
  const given = date(vaccination.occurrenceDateTime) ?? vaccination.occurrenceString;
  const dose = vaccination.protocolApplied?.[0]?.doseNumberPositiveInt;
  return (
    <li className="app-record-entry">
      <h3 className="nhsuk-heading-s nhsuk-u-margin-bottom-2">
        <CodedName concept={vaccination.vaccineCode} />
        {vaccination.status === 'not-done' && (
          <>
            {' '}
            <strong className="nhsuk-tag nhsuk-tag--grey app-inline-tag">{t('vaccination.notGiven')}</strong>
          </>
        )}
      </h3>
      <RecordedAs concept={vaccination.vaccineCode} />
      <dl className="app-facts">
        {given && (
          <div>
            <dt>{t('vaccination.given')}</dt>
            <dd>{given}</dd>
          </div>
        )}
        {dose !== undefined && (
          <div>
            <dt>{t('vaccination.dose')}</dt>
            <dd>{dose}</dd>
          </div>
        )}
      </dl>
      <RecordedBy source={vaccination.meta?.source} />
    </li>
  );
}
