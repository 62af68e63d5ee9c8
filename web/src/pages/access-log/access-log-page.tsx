import { useState } from 'react';
import { ChoiceGroup } from '../../components/forms/choice-group.js';
import { LoadingStatus } from '../../components/loading-status.js';
import { Page } from '../../components/page.js';
import { ProblemPage } from '../../components/problem-page.js';
import { matchedResources } from '../../fhir/bundle-resources.js';
import type { AuditEvent } from '../../fhir/resources.js';
import { useFhirQuery } from '../../fhir/use-fhir-query.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { Link } from '../../routing/link.js';
import { useRouter } from '../../routing/router.js';
import { useSession } from '../../session/session-context.js';
import { useAccessSentence } from './access-sentence.js';
import { accessWords } from './access-words.js';
import type { AccessWords } from './access-words.js';

/** Everyone and everything that looked at or changed the record, newest first, in plain English. */
export function AccessLogPage({ patientId }: { patientId: string }) {
  const { t } = useI18n();
  const { session } = useSession();
  const { location } = useRouter();
  const reported = new URLSearchParams(location.search).has('reported');
  const [showMine, setShowMine] = useState(false);
  const sentence = useAccessSentence();
  const query = useFhirQuery(`access-log:${patientId}`, async (client, signal) => {
    const bundle = await client.searchAll(
      `Patient/${patientId}/$access-log`,
      { _count: 100 },
      { signal, maxPages: 3 },
    );
    return matchedResources<AuditEvent>(bundle, 'AuditEvent').map((e) => accessWords(e, session?.person));
  });
  if (query.status === 'error') return <ProblemPage error={query.error} />;
  const shown = query.status === 'done' ? query.data.filter((w) => showMine || !w.mine) : [];
  return (
    <Page title={t('access.title')}>
      {reported && (
        <div className="nhsuk-inset-text app-success" role="status">
          <p>{t('access.reported')}</p>
        </div>
      )}
      <p>{t('access.intro')}</p>
      <p>{t('access.introConcern')}</p>
      <ChoiceGroup
        kind="checkbox"
        name="show-mine"
        legend={t('access.filterLegend')}
        options={[{ value: 'mine', label: t('access.showMine') }]}
        selected={showMine ? ['mine'] : []}
        onChange={(v) => setShowMine(v.includes('mine'))}
      />
      {query.status === 'loading' && <LoadingStatus label={t('access.loading')} />}
      {query.status === 'done' && shown.length === 0 && <p>{t('access.empty')}</p>}
      {shown.length > 0 && (
        <ol className="nhsuk-list app-access-list" aria-label={t('access.listLabel')}>
          {shown.map((w, i) => (
            <AccessEntry key={`${w.id}-${i}`} words={w} sentence={sentence(w)} />
          ))}
        </ol>
      )}
    </Page>
  );
}

function AccessEntry({ words, sentence }: { words: AccessWords; sentence: string }) {
  const { t } = useI18n();
  const emergency = words.action === 'brokeGlass';
  return (
    <li className={`app-access-entry${emergency ? ' app-access-entry--emergency' : ''}`}>
      {emergency && <strong className="nhsuk-tag nhsuk-tag--red">{t('access.emergencyTag')}</strong>}
      {words.action === 'refused' && (
        <strong className="nhsuk-tag nhsuk-tag--grey">{t('access.refusedTag')}</strong>
      )}
      <p className="nhsuk-body app-access-entry__sentence">
        <time dateTime={words.recorded}>{sentence}</time>
      </p>
      {words.reasonText && (
        <p className="nhsuk-body">
          {t('access.reasonGiven')} <q lang="en">{words.reasonText}</q>
        </p>
      )}
      {!words.mine && words.id && (
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">
          <Link to={`/access-log/${encodeURIComponent(words.id)}/concern`}>
            {t('access.reportLink')}
            <span className="nhsuk-u-visually-hidden"> {sentence}</span>
          </Link>
        </p>
      )}
    </li>
  );
}
