import { codingKey, conceptText } from '../../clinical/concept-text.js';
import { CodedName, RecordedAs } from '../../components/coded-name.js';
import { RecordSection } from '../../components/record-section.js';
import { RecordedBy } from '../../components/recorded-by.js';
import { matchedResources } from '../../fhir/bundle-resources.js';
import type { AllergyIntolerance, CodeableConcept } from '../../fhir/resources.js';
import { useFhirQuery } from '../../fhir/use-fhir-query.js';
import type { MessageId } from '../../i18n/catalogue.js';
import { useI18n } from '../../i18n/i18n-context.js';

const HIDDEN_VERIFICATION = new Set(['entered-in-error']);
const PAST = new Set(['inactive', 'resolved']);

const SEVERITY: Record<string, MessageId> = {
  mild: 'allergy.severity.mild',
  moderate: 'allergy.severity.moderate',
  severe: 'allergy.severity.severe',
};
const CATEGORY: Record<string, MessageId> = {
  medication: 'allergy.category.medication',
  food: 'allergy.category.food',
  environment: 'allergy.category.environment',
  biologic: 'allergy.category.biologic',
};

/**
 * One allergy as the person has it, however many places recorded it: the GP and a hospital both
 * recording amoxicillin is one allergy with two sources, not two allergies.
 */
interface AllergyGroup {
  key: string;
  records: AllergyIntolerance[];
  /** Records of the same allergy that another place marked as ruled out: shown, not hidden. */
  refuted: AllergyIntolerance[];
}

function groupAllergies(allergies: AllergyIntolerance[]): AllergyGroup[] {
  const groups = new Map<string, AllergyGroup>();
  for (const a of allergies) {
    const coding = a.code?.coding?.find((c) => c.code);
    const key = coding ? codingKey(coding) : `text:${conceptText(a.code) ?? a.id}`;
    const group = groups.get(key) ?? { key, records: [], refuted: [] };
    if (a.verificationStatus?.coding?.[0]?.code === 'refuted') group.refuted.push(a);
    else group.records.push(a);
    groups.set(key, group);
  }
  // An allergy only ever recorded as ruled out is not an allergy the person has.
  return [...groups.values()].filter((g) => g.records.length > 0);
}

function isCurrent(a: AllergyIntolerance): boolean {
  const verification = a.verificationStatus?.coding?.[0]?.code;
  const clinical = a.clinicalStatus?.coding?.[0]?.code;
  return !HIDDEN_VERIFICATION.has(verification ?? '') && !PAST.has(clinical ?? '');
}

export function AllergiesSection({ patientId }: { patientId: string }) {
  const { t } = useI18n();
  const query = useFhirQuery(`allergies:${patientId}`, async (client, signal) => {
    const bundle = await client.search(
      `Patient/${encodeURIComponent(patientId)}/AllergyIntolerance`,
      { _count: 100 },
      signal,
    );
    return groupAllergies(
      matchedResources<AllergyIntolerance>(bundle, 'AllergyIntolerance').filter(isCurrent),
    );
  });
  return (
    <RecordSection
      id="allergies"
      heading={t('home.allergies.heading')}
      query={query}
      loadingText={t('home.allergies.loading')}
      failedText={t('home.allergies.failed')}
      emptyText={t('home.allergies.empty')}
    >
      {(groups) => groups.map((group) => <AllergyEntry key={group.key} group={group} />)}
    </RecordSection>
  );
}

function AllergyEntry({ group }: { group: AllergyGroup }) {
  const { t } = useI18n();
  const first = group.records[0]!;
  // The same reaction recorded by two sources is listed once.
  const manifestations = new Map<string, CodeableConcept>();
  for (const reaction of group.records.flatMap((r) => r.reaction ?? [])) {
    for (const m of reaction.manifestation ?? []) manifestations.set(conceptText(m) ?? JSON.stringify(m), m);
  }
  const severities = new Set(group.records.flatMap((r) => (r.reaction ?? []).map((x) => x.severity)));
  const worst = (['severe', 'moderate', 'mild'] as const).find((s) => severities.has(s));
  const category = first.category?.[0];
  const highRisk = group.records.some((r) => r.criticality === 'high');
  return (
    <li className="app-record-entry">
      <h3 className="nhsuk-heading-s nhsuk-u-margin-bottom-2">
        <CodedName concept={first.code} />
        {highRisk && (
          <>
            {' '}
            <strong className="nhsuk-tag nhsuk-tag--red app-inline-tag">{t('allergy.highRisk')}</strong>
          </>
        )}
      </h3>
      <RecordedAs concept={first.code} />
      <dl className="app-facts">
        {manifestations.size > 0 && (
          <div>
            <dt>{t('allergy.reaction')}</dt>
            {[...manifestations].map(([key, m]) => (
              <dd key={key}>
                <CodedName concept={m} />
              </dd>
            ))}
          </div>
        )}
        {worst && (
          <div>
            <dt>{t('allergy.severity')}</dt>
            <dd>{t(SEVERITY[worst]!)}</dd>
          </div>
        )}
        {category && CATEGORY[category] && (
          <div>
            <dt>{t('allergy.category')}</dt>
            <dd>{t(CATEGORY[category])}</dd>
          </div>
        )}
      </dl>
      {group.records.map((r) => (
        <RecordedBy key={r.id} source={r.meta?.source} date={r.recordedDate} />
      ))}
      {group.refuted.length > 0 && (
        <div className="nhsuk-inset-text app-conflict">
          <span className="nhsuk-u-visually-hidden">{t('allergy.conflictLabel')} </span>
          <p>{t('allergy.conflict')}</p>
          {group.refuted.map((r) => (
            <RecordedBy key={r.id} source={r.meta?.source} date={r.recordedDate} />
          ))}
          <p>{t('allergy.conflictNext')}</p>
        </div>
      )}
    </li>
  );
}
