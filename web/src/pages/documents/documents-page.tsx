import { conceptText } from '../../clinical/concept-text.js';
import { Page } from '../../components/page.js';
import { RecordSection } from '../../components/record-section.js';
import { RecordedBy } from '../../components/recorded-by.js';
import { matchedResources } from '../../fhir/bundle-resources.js';
import type { CodeableConcept, FhirResource } from '../../fhir/resources.js';
import { useFhirQuery } from '../../fhir/use-fhir-query.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { inlineText } from './document-text.js';

interface DocumentReference extends FhirResource {
  resourceType: 'DocumentReference';
  type?: CodeableConcept;
  description?: string;
  date?: string;
  content?: { attachment?: { contentType?: string; data?: string; title?: string } }[];
}

/** Letters and documents in the record, newest first, each with where it came from and its text. */
export function DocumentsPage({ patientId }: { patientId: string }) {
  const { t, date } = useI18n();
  const query = useFhirQuery(`documents:${patientId}`, async (client, signal) => {
    const bundle = await client.search(
      `Patient/${encodeURIComponent(patientId)}/DocumentReference`,
      { _sort: '-date', _count: 100, status: 'current' },
      signal,
    );
    return matchedResources<DocumentReference>(bundle, 'DocumentReference');
  });
  return (
    <Page title={t('documents.title')}>
      <p>{t('documents.intro')}</p>
      <RecordSection
        id="documents"
        heading={t('documents.heading')}
        query={query}
        loadingText={t('documents.loading')}
        failedText={t('documents.failed')}
        emptyText={t('documents.empty')}
      >
        {(documents) =>
          documents.map((d) => {
            const title = d.description ?? conceptText(d.type) ?? t('documents.untitled');
            const text = inlineText(d.content?.[0]?.attachment);
            return (
              <li className="app-record-entry" key={d.id}>
                <h3 className="nhsuk-heading-s nhsuk-u-margin-bottom-2">
                  {title}
                  {d.date && <span className="nhsuk-caption-m">{date(d.date)}</span>}
                </h3>
                <RecordedBy source={d.meta?.source} date={d.date} />
                {text ? (
                  <details className="nhsuk-details">
                    <summary className="nhsuk-details__summary">
                      <span className="nhsuk-details__summary-text">{t('documents.read', { title })}</span>
                    </summary>
                    <div className="nhsuk-details__text app-document-text">{text}</div>
                  </details>
                ) : (
                  <p className="nhsuk-body-s">{t('documents.noText')}</p>
                )}
              </li>
            );
          })
        }
      </RecordSection>
    </Page>
  );
}
