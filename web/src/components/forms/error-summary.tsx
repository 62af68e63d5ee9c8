import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';

export interface FieldError {
  /** The id of the field the message is about; the summary links to it. */
  field: string;
  message: string;
}

/**
 * nhsuk-frontend's error summary: shown above the form after a failed submit, focused so screen
 * readers announce it, each message a link to its field.
 */
export function ErrorSummary({ errors }: { errors: FieldError[] }) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const shown = errors.length > 0;
  useEffect(() => {
    if (shown) box.current?.focus();
  }, [shown, errors]);
  if (!shown) return null;
  return (
    <div
      className="nhsuk-error-summary"
      aria-labelledby="error-summary-title"
      role="alert"
      tabIndex={-1}
      ref={box}
    >
      <h2 className="nhsuk-error-summary__title" id="error-summary-title">
        {t('form.errorSummary')}
      </h2>
      <div className="nhsuk-error-summary__body">
        <ul className="nhsuk-list nhsuk-error-summary__list">
          {errors.map((e) => (
            <li key={e.field}>
              <a
                href={`#${e.field}`}
                onClick={(event) => {
                  event.preventDefault();
                  document.getElementById(e.field)?.focus();
                }}
              >
                {e.message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
