import { CodedName, RecordedAs } from '../../components/coded-name.js';
import { RecordSection } from '../../components/record-section.js';
import { RecordedBy } from '../../components/recorded-by.js';
import { matchedResources } from '../../fhir/bundle-resources.js';
import type { Condition } from '../../fhir/resources.js';
import { useFhirQuery } from '../../fhir/use-fhir-query.js';
import { useI18n } from '../../i18n/i18n-context.js';

const HIDDEN_VERIFICATION = new Set(['entered-in-error', 'refuted']);

/** Health problems still going on: conditions whose clinical status is active (or came back). */
export function ProblemsSection({ patientId }: { patientId: string }) {
  const { t } = useI18n();
  const query = useFhirQuery(`problems:${patientId}`, async (client, signal) => {
    const bundle = await client.search(
      'Condition',
      { patient: `Patient/${patientId}`, 'clinical-status': 'active,recurrence,relapse', _count: 100 },
      signal,
    );
    return matchedResources<Condition>(bundle, 'Condition')
      .filter((c) => !HIDDEN_VERIFICATION.has(c.verificationStatus?.coding?.[0]?.code ?? ''))
      .sort((a, b) => (b.onsetDateTime ?? '').localeCompare(a.onsetDateTime ?? ''));
  });
  return (
    <RecordSection
      id="problems"
      heading={t('home.problems.heading')}
      query={query}
      loadingText={t('home.problems.loading')}
      failedText={t('home.problems.failed')}
      emptyText={t('home.problems.empty')}
    >
      {(conditions) => conditions.map((c) => <ProblemEntry key={c.id} condition={c} />)}
    </RecordSection>
  );
}

function ProblemEntry({ condition }: { condition: Condition }) {
  const { t, date } = useI18n();
  const since = date(condition.onsetDateTime);
  return (
    <li className="app-record-entry">
      <h3 className="nhsuk-heading-s nhsuk-u-margin-bottom-2">
        <CodedName concept={condition.code} />
      </h3>
      <RecordedAs concept={condition.code} />
      {since && (
        <dl className="app-facts">
          <div>
            <dt>{t('condition.since')}</dt>
            <dd>{since}</dd>
          </div>
        </dl>
      )}
      <RecordedBy source={condition.meta?.source} date={condition.recordedDate} />
    </li>
  );
}
