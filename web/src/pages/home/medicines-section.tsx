import { CodedName, RecordedAs } from '../../components/coded-name.js';
import { RecordSection } from '../../components/record-section.js';
import { RecordedBy } from '../../components/recorded-by.js';
import { matchedResources } from '../../fhir/bundle-resources.js';
import type { MedicationRequest } from '../../fhir/resources.js';
import { useFhirQuery } from '../../fhir/use-fhir-query.js';
import { useI18n } from '../../i18n/i18n-context.js';

/** Current medicines: active prescriptions, repeat and short courses alike, newest first. */
export function MedicinesSection({ patientId }: { patientId: string }) {
  const { t } = useI18n();
  const query = useFhirQuery(`medicines:${patientId}`, async (client, signal) => {
    const bundle = await client.search(
      'MedicationRequest',
      { patient: `Patient/${patientId}`, status: 'active', _sort: '-authoredon', _count: 100 },
      signal,
    );
    return matchedResources<MedicationRequest>(bundle, 'MedicationRequest');
  });
  return (
    <RecordSection
      id="medicines"
      heading={t('home.medicines.heading')}
      query={query}
      loadingText={t('home.medicines.loading')}
      failedText={t('home.medicines.failed')}
      emptyText={t('home.medicines.empty')}
    >
      {(medicines) => medicines.map((m) => <MedicineEntry key={m.id} medicine={m} />)}
    </RecordSection>
  );
}

function MedicineEntry({ medicine }: { medicine: MedicationRequest }) {
  const { t } = useI18n();
  const concept = medicine.medicationCodeableConcept ?? { text: medicine.medicationReference?.display };
  const course = medicine.courseOfTherapyType?.coding?.find(
    (c) => c.system === 'http://terminology.hl7.org/CodeSystem/medicationrequest-course-of-therapy',
  )?.code;
  const dosage = medicine.dosageInstruction
    ?.map((d) => d.patientInstruction ?? d.text)
    .filter((d): d is string => !!d)
    .join(' ');
  return (
    <li className="app-record-entry">
      <h3 className="nhsuk-heading-s nhsuk-u-margin-bottom-2">
        <CodedName concept={concept} />
        {course === 'continuous' && (
          <>
            {' '}
            <strong className="nhsuk-tag nhsuk-tag--blue app-inline-tag">{t('medicine.repeat')}</strong>
          </>
        )}
        {course === 'acute' && (
          <>
            {' '}
            <strong className="nhsuk-tag nhsuk-tag--grey app-inline-tag">{t('medicine.shortCourse')}</strong>
          </>
        )}
      </h3>
      <RecordedAs concept={concept} />
      {dosage && (
        <dl className="app-facts">
          <div>
            <dt>{t('medicine.howToTake')}</dt>
            {/* Dosage instructions are written by the prescriber's system, in English. */}
            <dd lang="en">{dosage}</dd>
          </div>
        </dl>
      )}
      <RecordedBy source={medicine.meta?.source} date={medicine.authoredOn} />
    </li>
  );
}
