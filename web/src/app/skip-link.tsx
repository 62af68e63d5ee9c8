import type { MouseEvent } from 'react';
import { useI18n } from '../i18n/i18n-context.js';

/**
 * The first thing a keyboard user reaches. It moves focus to the main content without changing the
 * address (a `#maincontent` in the URL would look like a different page to the router).
 */
export function SkipLink() {
  const { t } = useI18n();
  const skip = (event: MouseEvent<HTMLAnchorElement>) => {
    const main = document.getElementById('maincontent');
    if (!main) return;
    event.preventDefault();
    main.focus();
    main.scrollIntoView();
  };
  return (
    <a className="nhsuk-skip-link" href="#maincontent" onClick={skip}>
      {t('app.skipLink')}
    </a>
  );
}
