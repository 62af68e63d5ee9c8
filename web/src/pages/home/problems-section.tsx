import { codingKey, conceptText } from '../../clinical/concept-text.js';
import { CodedName, RecordedAs } from '../../components/coded-name.js';
import { RecordSection } from '../../components/record-section.js';
import { RecordedBy } from '../../components/recorded-by.js';
import { matchedResources } from '../../fhir/bundle-resources.js';
import type { Condition } from '../../fhir/resources.js';
import { useFhirQuery } from '../../fhir/use-fhir-query.js';
import { useI18n } from '../../i18n/i18n-context.js';

const HIDDEN_VERIFICATION = new Set(['entered-in-error', 'refuted']);

/** The same problem from several places is one problem: key by its code (or its words). */
const keyOf = (c: Condition) => {
  const coding = c.code?.coding?.find((x) => x.code);
  return coding ? codingKey(coding) : `text:${conceptText(c.code) ?? c.id}`;
};

interface Problem {
  records: Condition[];
  /** Records of the same problem another place marked as ruled out: shown, not hidden. */
  refuted: Condition[];
}

/** Health problems still going on: conditions whose clinical status is active (or came back). */
export function ProblemsSection({ patientId }: { patientId: string }) {
  const { t } = useI18n();
  const query = useFhirQuery(`problems:${patientId}`, async (client, signal) => {
    const bundle = await client.search(
      'Condition',
      { patient: `Patient/${patientId}`, 'clinical-status': 'active,recurrence,relapse', _count: 100 },
      signal,
    );
    const all = matchedResources<Condition>(bundle, 'Condition');
    const verification = (c: Condition) => c.verificationStatus?.coding?.[0]?.code ?? '';
    const problems = new Map<string, Problem>();
    for (const c of all) {
      if (verification(c) === 'entered-in-error') continue;
      const p = problems.get(keyOf(c)) ?? { records: [], refuted: [] };
      (HIDDEN_VERIFICATION.has(verification(c)) ? p.refuted : p.records).push(c);
      problems.set(keyOf(c), p);
    }
    const onset = (p: Problem) => p.records[0]?.onsetDateTime ?? '';
    return [...problems.values()]
      .filter((p) => p.records.length > 0)
      .sort((a, b) => onset(b).localeCompare(onset(a)));
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
      {(problems) => problems.map((p) => <ProblemEntry key={p.records[0]!.id} problem={p} />)}
    </RecordSection>
  );
}

function ProblemEntry({ problem }: { problem: Problem }) {
  const { t, date } = useI18n();
  const condition = problem.records[0]!;
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
      {problem.records.map((r) => (
        <RecordedBy key={r.id} source={r.meta?.source} date={r.recordedDate} />
      ))}
      {problem.refuted.length > 0 && (
        <div className="nhsuk-inset-text app-conflict">
          <p>{t('condition.conflict')}</p>
          {problem.refuted.map((r) => (
            <RecordedBy key={r.id} source={r.meta?.source} date={r.recordedDate} />
          ))}
          <p>{t('allergy.conflictNext')}</p>
        </div>
      )}
    </li>
  );
}
