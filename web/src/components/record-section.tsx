import type { ReactNode } from 'react';
import type { QueryState } from '../fhir/use-fhir-query.js';
import { LoadingStatus } from './loading-status.js';
import { SectionProblem } from './section-problem.js';

export interface RecordSectionProps<T> {
  id: string;
  heading: string;
  query: QueryState<T[]>;
  loadingText: string;
  failedText: string;
  emptyText: string;
  children: (items: T[]) => ReactNode;
}

/**
 * One part of the record on a card (allergies, medicines…) with its own loading, failure and empty
 * states, so one slow or failing search never blanks the rest of the page.
 */
export function RecordSection<T>({
  id,
  heading,
  query,
  loadingText,
  failedText,
  emptyText,
  children,
}: RecordSectionProps<T>) {
  return (
    <section className="nhsuk-card app-record-section" aria-labelledby={`${id}-heading`}>
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-card__heading nhsuk-heading-m" id={`${id}-heading`}>
          {heading}
        </h2>
        {query.status === 'loading' && <LoadingStatus label={loadingText} />}
        {query.status === 'error' && <SectionProblem message={failedText} error={query.error} />}
        {query.status === 'done' &&
          (query.data.length === 0 ? (
            <p className="nhsuk-body nhsuk-u-margin-bottom-0">{emptyText}</p>
          ) : (
            <ul className="nhsuk-list app-record-list">{children(query.data)}</ul>
          ))}
      </div>
    </section>
  );
}
