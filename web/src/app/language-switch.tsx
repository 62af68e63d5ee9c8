import type { MouseEvent } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { useRouter } from '../routing/router.js';

/**
 * Links to the page in each other language, each named in its own language and marked so, as
 * language pickers should be (a Welsh speaker looks for "Cymraeg", not "Welsh").
 */
export function LanguageSwitch() {
  const { language, languages, setLanguage, t } = useI18n();
  const { location } = useRouter();
  const others = languages.filter((l) => l.code !== language.code);
  return (
    <>
      {others.map((other) => {
        const query = new URLSearchParams(location.search);
        query.set('lang', other.code);
        const choose = (event: MouseEvent<HTMLAnchorElement>) => {
          if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
          event.preventDefault();
          setLanguage(other.code);
          // A `?lang=` the page was opened with would otherwise win again on the next reload.
          const current = new URLSearchParams(window.location.search);
          if (current.has('lang')) {
            current.delete('lang');
            const rest = current.toString();
            window.history.replaceState(null, '', `${window.location.pathname}${rest ? `?${rest}` : ''}`);
          }
        };
        return (
          <li className="nhsuk-header__account-item" key={other.code}>
            <a
              className="nhsuk-header__account-link"
              href={`${location.pathname}?${query.toString()}`}
              hrefLang={other.code}
              lang={other.code}
              onClick={choose}
            >
              <span className="nhsuk-u-visually-hidden" lang={language.code}>
                {t('app.languageSwitchHidden')}{' '}
              </span>
              {other.nativeName}
            </a>
          </li>
        );
      })}
    </>
  );
}
