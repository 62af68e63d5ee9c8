import { useI18n } from '../i18n/i18n-context.js';
import { ProblemDetails } from './problem-details.js';

/** One part of a page could not be loaded; the rest of the page still works. */
export function SectionProblem({ message, error }: { message: string; error: unknown }) {
  const { t } = useI18n();
  return (
    <div className="app-section-problem">
      <p className="nhsuk-body">
        <strong>{message}</strong> {t('problem.tryLater')}
      </p>
      <ProblemDetails error={error} />
    </div>
  );
}
