import { nhsNumberOf } from '../../clinical/nhs-number.js';
import { personName } from '../../clinical/person-name.js';
import { LoadingStatus } from '../../components/loading-status.js';
import { SectionProblem } from '../../components/section-problem.js';
import type { Patient } from '../../fhir/resources.js';
import { useFhirQuery } from '../../fhir/use-fhir-query.js';
import { useI18n } from '../../i18n/i18n-context.js';

/** Whose record this is, as the NHS App shows it: name, NHS number, date of birth, GP surgery. */
export function PatientDetails({ patientId }: { patientId: string }) {
  const { t, date } = useI18n();
  const query = useFhirQuery(`patient:${patientId}`, (client, signal) =>
    client.read<Patient>('Patient', patientId, signal),
  );
  if (query.status === 'loading') return <LoadingStatus label={t('home.details.loading')} />;
  if (query.status === 'error')
    return <SectionProblem message={t('home.details.failed')} error={query.error} />;
  const patient = query.data;
  const gp = patient.generalPractitioner?.find((r) => r.reference?.startsWith('Organization/'))?.display;
  const rows: [string, string | undefined][] = [
    [t('home.details.name'), personName(patient.name)],
    [t('home.details.nhsNumber'), nhsNumberOf(patient.identifier)],
    [t('home.details.dateOfBirth'), date(patient.birthDate)],
    [t('home.details.gp'), gp],
  ];
  return (
    <dl className="nhsuk-summary-list app-patient-details">
      {rows
        .filter((row): row is [string, string] => row[1] !== undefined)
        .map(([key, value]) => (
          <div className="nhsuk-summary-list__row" key={key}>
            <dt className="nhsuk-summary-list__key">{key}</dt>
            <dd className="nhsuk-summary-list__value">{value}</dd>
          </div>
        ))}
    </dl>
  );
}
