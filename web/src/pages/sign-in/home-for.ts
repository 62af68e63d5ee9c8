import type { Session } from '../../session/session.js';

/** Where each kind of user starts: patients and proxies at the record, staff at their console. */
export function homeFor(session: Session): string {
  switch (session.role) {
    case 'patient':
    case 'proxy':
      return '/';
    case 'gp':
    case 'clinician':
      return '/clinician';
    case 'privacy-officer':
      return '/privacy';
    default:
      return '/no-pages';
  }
}
