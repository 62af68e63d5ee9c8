import { useState } from 'react';
import type { FormEvent } from 'react';
import { TextInput } from '../../components/forms/text-input.js';
import { LoadingStatus } from '../../components/loading-status.js';
import { Page } from '../../components/page.js';
import { SectionProblem } from '../../components/section-problem.js';
import { matchedResources } from '../../fhir/bundle-resources.js';
import type { AuditEvent } from '../../fhir/resources.js';
import { useFhirQuery } from '../../fhir/use-fhir-query.js';
import type { MessageId } from '../../i18n/catalogue.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useRouter } from '../../routing/router.js';
import { accessWords } from '../access-log/access-words.js';

const FIELDS = ['patient', 'agent', 'organization', 'subtype', '_since', '_before'] as const;
type Field = (typeof FIELDS)[number];
const SUBTYPES = [
  '',
  'read',
  'search-type',
  'create',
  'update',
  'operation',
  'break-glass',
  'access-denied',
  'export',
];

/** Search the audit trail by patient, user, organisation, kind of event and time; the query is in the address. */
export function AuditSearchPage() {
  const { t, date, time } = useI18n();
  const { location, navigate } = useRouter();
  const current = new URLSearchParams(location.search);
  const [form, setForm] = useState<Record<Field, string>>(
    () => Object.fromEntries(FIELDS.map((f) => [f, current.get(f) ?? ''])) as Record<Field, string>,
  );
  const asked = FIELDS.some((f) => current.get(f));
  const query = useFhirQuery(`audit-search:${location.search}`, async (client, signal) => {
    if (!asked) return [];
    const params: Record<string, string> = { _count: '100' };
    for (const f of FIELDS) {
      const v = current.get(f);
      if (v) params[f] = v;
    }
    return matchedResources<AuditEvent>(await client.search('$audit-search', params, signal), 'AuditEvent');
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const f of FIELDS) if (form[f].trim()) next.set(f, form[f].trim());
    navigate(`/privacy/audit?${next.toString()}`);
  };
  const set = (f: Field) => (v: string) => setForm((s) => ({ ...s, [f]: v }));
  return (
    <Page title={t('audit.title')}>
      <p>{t('audit.intro')}</p>
      <form onSubmit={submit} noValidate className="app-audit-form">
        <TextInput
          id="patient"
          label={t('audit.patient')}
          hint={t('audit.patientHint')}
          value={form.patient}
          width="30"
          onChange={set('patient')}
        />
        <TextInput
          id="agent"
          label={t('audit.agent')}
          hint={t('audit.agentHint')}
          value={form.agent}
          width="30"
          onChange={set('agent')}
        />
        <TextInput
          id="organization"
          label={t('audit.organization')}
          hint={t('audit.organizationHint')}
          value={form.organization}
          width="30"
          onChange={set('organization')}
        />
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="subtype">
            {t('audit.subtype')}
          </label>
          <select
            className="nhsuk-select"
            id="subtype"
            name="subtype"
            value={form.subtype}
            onChange={(e) => set('subtype')(e.target.value)}
          >
            {SUBTYPES.map((s) => (
              <option key={s} value={s}>
                {t(`audit.subtype.${s || 'any'}` as MessageId)}
              </option>
            ))}
          </select>
        </div>
        <TextInput
          id="_since"
          label={t('audit.since')}
          hint={t('audit.dateHint')}
          value={form._since}
          width="10"
          onChange={set('_since')}
        />
        <TextInput
          id="_before"
          label={t('audit.before')}
          hint={t('audit.dateHint')}
          value={form._before}
          width="10"
          onChange={set('_before')}
        />
        <button className="nhsuk-button" type="submit">
          {t('audit.submit')}
        </button>
      </form>
      {query.status === 'loading' && <LoadingStatus label={t('audit.loading')} />}
      {query.status === 'error' && <SectionProblem message={t('audit.failed')} error={query.error} />}
      {query.status === 'done' && asked && (
        <section aria-labelledby="audit-results">
          <h2 className="nhsuk-heading-m" id="audit-results" role="status">
            {t('audit.results', { count: query.data.length })}
          </h2>
          {query.data.length > 0 && (
            <div className="app-table-scroll" role="region" aria-labelledby="audit-results" tabIndex={0}>
              <table className="nhsuk-table">
                <thead className="nhsuk-table__head">
                  <tr className="nhsuk-table__row">
                    <th scope="col" className="nhsuk-table__header">
                      {t('audit.when')}
                    </th>
                    <th scope="col" className="nhsuk-table__header">
                      {t('audit.who')}
                    </th>
                    <th scope="col" className="nhsuk-table__header">
                      {t('audit.what')}
                    </th>
                    <th scope="col" className="nhsuk-table__header">
                      {t('audit.why')}
                    </th>
                  </tr>
                </thead>
                <tbody className="nhsuk-table__body">
                  {query.data.map((e) => {
                    const w = accessWords(e, undefined);
                    return (
                      <tr className="nhsuk-table__row" key={e.id}>
                        <td className="nhsuk-table__cell">
                          {t('date.dayAtTime', {
                            date: date(e.recorded) ?? '',
                            time: time(e.recorded) ?? '',
                          })}
                        </td>
                        <td className="nhsuk-table__cell">
                          {[w.who, w.role, w.organization].filter(Boolean).join(', ')}
                        </td>
                        <td className="nhsuk-table__cell">
                          {t(`access.action.${w.action}` as MessageId)}{' '}
                          {w.parts.map((p) => t(`access.part.${p}` as MessageId)).join(', ')}
                        </td>
                        <td className="nhsuk-table__cell">
                          {w.purpose && w.purpose !== 'other'
                            ? t(`access.purpose.${w.purpose}` as MessageId).trim()
                            : ''}
                          {w.reasonText && <q lang="en"> {w.reasonText}</q>}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </Page>
  );
}
