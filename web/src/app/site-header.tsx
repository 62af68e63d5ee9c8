import type { MessageId } from '../i18n/catalogue.js';
import { useI18n } from '../i18n/i18n-context.js';
import { Link } from '../routing/link.js';
import { useRouter } from '../routing/router.js';
import { useSession } from '../session/session-context.js';
import type { Role } from '../session/token-claims.js';
import { LanguageSwitch } from './language-switch.js';
import { NhsLogo } from './nhs-logo.js';

type NavItem = { to: string; labelId: MessageId };

/** The menu for each kind of user: the record and its services, or the staff consoles. */
function navigationFor(role: Role | undefined): readonly NavItem[] {
  switch (role) {
    case 'patient':
    case 'proxy':
      return [
        { to: '/', labelId: 'nav.home' },
        { to: '/test-results', labelId: 'nav.testResults' },
        { to: '/appointments-and-visits', labelId: 'nav.appointments' },
        { to: '/appointments', labelId: 'nav.gpAppointments' },
        { to: '/prescriptions', labelId: 'nav.prescriptions' },
        { to: '/choices', labelId: 'nav.choices' },
        { to: '/access-log', labelId: 'nav.accessLog' },
      ];
    case 'gp':
    case 'clinician':
      return [{ to: '/clinician', labelId: 'nav.findPatient' }];
    case 'privacy-officer':
      return [
        { to: '/privacy', labelId: 'nav.privacyQueue' },
        { to: '/privacy/audit', labelId: 'nav.auditSearch' },
      ];
    default:
      return [];
  }
}

function isCurrent(to: string, pathname: string, items: readonly NavItem[]): boolean {
  if (to === '/') return pathname === '/';
  // The longest matching item is the current one (/appointments-and-visits is not /appointments).
  const matches = items.filter((i) => i.to !== '/' && (pathname === i.to || pathname.startsWith(`${i.to}/`)));
  return matches.sort((a, b) => b.to.length - a.to.length)[0]?.to === to;
}

/** nhsuk-frontend's header: logo and service name, whose record this is, language, and the main menu. */
export function SiteHeader() {
  const { t } = useI18n();
  const { session } = useSession();
  const { location } = useRouter();
  const navigation = navigationFor(session?.role);
  return (
    <header className="nhsuk-header" role="banner">
      <div className="nhsuk-header__container nhsuk-width-container">
        <div className="nhsuk-header__service">
          <Link className="nhsuk-header__service-logo" to="/" aria-label={t('app.homeLinkLabel')}>
            <NhsLogo label={t('app.nhsLogo')} />
            <span className="nhsuk-header__service-name">{t('app.serviceName')}</span>
          </Link>
        </div>
        <nav className="nhsuk-header__account" aria-label={t('app.accountNav')}>
          <ul className="nhsuk-header__account-list">
            {session && (
              <>
                <li className="nhsuk-header__account-item">
                  <span className="nhsuk-u-visually-hidden">{t('app.signedInAs')} </span>
                  {session.name}
                </li>
                <li className="nhsuk-header__account-item">
                  <Link className="nhsuk-header__account-link" to="/sign-out">
                    {t('app.signOut')}
                  </Link>
                </li>
              </>
            )}
            <LanguageSwitch />
          </ul>
        </nav>
      </div>
      {navigation.length > 0 && (
        <nav className="nhsuk-header__navigation" aria-label={t('app.menu')}>
          <div className="nhsuk-header__navigation-container nhsuk-width-container">
            <ul className="nhsuk-header__navigation-list">
              {navigation.map((item) => {
                const current = isCurrent(item.to, location.pathname, navigation);
                const exact = location.pathname === item.to;
                return (
                  <li
                    key={item.to}
                    className={`nhsuk-header__navigation-item${current ? ' nhsuk-header__navigation-item--current' : ''}`}
                  >
                    <Link
                      className="nhsuk-header__navigation-link"
                      to={item.to}
                      aria-current={current ? (exact ? 'page' : 'true') : undefined}
                    >
                      {current ? (
                        // Still marked when a user's own colours override the underline.
                        <strong className="nhsuk-header__navigation-item-current-fallback">
                          {t(item.labelId)}
                        </strong>
                      ) : (
                        t(item.labelId)
                      )}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        </nav>
      )}
    </header>
  );
}
