import type { ReactNode } from 'react';
import { AccessLogPage } from '../pages/access-log/access-log-page.js';
import { ReportConcernPage } from '../pages/access-log/report-concern-page.js';
import { AppointmentsPage } from '../pages/appointments-page.js';
import { AuditSearchPage } from '../pages/privacy/audit-search-page.js';
import { PrivacyQueuePage } from '../pages/privacy/privacy-queue-page.js';
import { ReviewPage } from '../pages/privacy/review-page.js';
import { FindPatientPage } from '../pages/clinician/find-patient-page.js';
import { PatientRecordPage } from '../pages/clinician/patient-record-page.js';
import {
  FullRecordPage,
  OptOutChoicePage,
  ResearchChoicePage,
  SharingChoicePage,
} from '../pages/choices/choice-pages.js';
import { ChoicesPage } from '../pages/choices/choices-page.js';
import { BookedPage } from '../pages/gp-appointments/booked-page.js';
import { CancelAppointmentPage } from '../pages/gp-appointments/cancel-appointment-page.js';
import { CheckBookingPage } from '../pages/gp-appointments/check-booking-page.js';
import { ChooseDayPage } from '../pages/gp-appointments/choose-day-page.js';
import { ChooseTimePage } from '../pages/gp-appointments/choose-time-page.js';
import { GpAppointmentsPage } from '../pages/gp-appointments/gp-appointments-page.js';
import { DocumentsPage } from '../pages/documents/documents-page.js';
import { ChoosePersonPage } from '../pages/proxy/choose-person-page.js';
import { DownloadPage } from '../pages/download/download-page.js';
import { HomePage } from '../pages/home/home-page.js';
import { NotFoundPage } from '../pages/not-found-page.js';
import { PerformancePage } from '../pages/performance/performance-page.js';
import { PrescriptionsPage } from '../pages/prescriptions/prescriptions-page.js';
import { homeFor } from '../pages/sign-in/home-for.js';
import { NoPagesPage } from '../pages/sign-in/no-pages-page.js';
import { SignInPage } from '../pages/sign-in/sign-in-page.js';
import { SignedInPage } from '../pages/sign-in/signed-in-page.js';
import { SignedOutPage } from '../pages/sign-in/signed-out-page.js';
import { TestResultPage } from '../pages/test-results/test-result-page.js';
import { TestResultsPage } from '../pages/test-results/test-results-page.js';
import { matchPath } from '../routing/match-path.js';
import type { RouteParams } from '../routing/match-path.js';
import type { Session } from '../session/session.js';
import type { Role } from '../session/token-claims.js';

/**
 * Who a page is for. `patient`: a patient or someone acting for one (the page shows that record);
 * `care`: GPs and clinicians; `privacy`: privacy officers; `anyone`: no sign-in needed.
 */
type Audience = 'patient' | 'care' | 'privacy' | 'signed-in' | 'anyone';

const AUDIENCE_ROLES: Record<Exclude<Audience, 'anyone' | 'signed-in'>, readonly Role[]> = {
  patient: ['patient', 'proxy'],
  care: ['gp', 'clinician'],
  privacy: ['privacy-officer'],
};

interface Route {
  path: string;
  audience: Audience;
  /** `patientId` is the record the session shows (set for the `patient` audience). */
  render(params: RouteParams, session: Session | undefined, patientId: string): ReactNode;
}

const ROUTES: readonly Route[] = [
  { path: '/performance', audience: 'anyone', render: () => <PerformancePage /> },
  { path: '/download', audience: 'patient', render: (_, _s, id) => <DownloadPage patientId={id} /> },
  { path: '/acting-for', audience: 'patient', render: () => <ChoosePersonPage /> },
  { path: '/documents', audience: 'patient', render: (_, _s, id) => <DocumentsPage patientId={id} /> },
  { path: '/', audience: 'patient', render: (_, _s, id) => <HomePage patientId={id} /> },
  { path: '/sign-in', audience: 'anyone', render: () => <SignInPage /> },
  { path: '/signed-in', audience: 'anyone', render: () => <SignedInPage /> },
  { path: '/sign-out', audience: 'anyone', render: () => <SignedOutPage /> },
  { path: '/no-pages', audience: 'signed-in', render: () => <NoPagesPage /> },
  { path: '/test-results', audience: 'patient', render: (_, _s, id) => <TestResultsPage patientId={id} /> },
  {
    path: '/test-results/:testId',
    audience: 'patient',
    render: (p, _s, id) => <TestResultPage patientId={id} testId={p.testId!} />,
  },
  {
    path: '/appointments-and-visits',
    audience: 'patient',
    render: (_, _s, id) => <AppointmentsPage patientId={id} />,
  },
  {
    path: '/appointments',
    audience: 'patient',
    render: (_, _s, id) => <GpAppointmentsPage patientId={id} />,
  },
  {
    path: '/appointments/book',
    audience: 'patient',
    render: (_, _s, id) => <ChooseDayPage patientId={id} />,
  },
  {
    path: '/appointments/book/time',
    audience: 'patient',
    render: (_, _s, id) => <ChooseTimePage patientId={id} />,
  },
  {
    path: '/appointments/book/check',
    audience: 'patient',
    render: (_, _s, id) => <CheckBookingPage patientId={id} />,
  },
  {
    path: '/appointments/:id/booked',
    audience: 'patient',
    render: (p) => <BookedPage appointmentId={p.id!} />,
  },
  {
    path: '/appointments/:id/cancel',
    audience: 'patient',
    render: (p) => <CancelAppointmentPage appointmentId={p.id!} />,
  },
  { path: '/privacy', audience: 'privacy', render: () => <PrivacyQueuePage /> },
  { path: '/privacy/review', audience: 'privacy', render: () => <ReviewPage /> },
  { path: '/privacy/audit', audience: 'privacy', render: () => <AuditSearchPage /> },
  { path: '/clinician', audience: 'care', render: () => <FindPatientPage /> },
  {
    path: '/clinician/patient/:id',
    audience: 'care',
    render: (p) => <PatientRecordPage key={p.id} patientId={p.id!} />,
  },
  { path: '/access-log', audience: 'patient', render: (_, _s, id) => <AccessLogPage patientId={id} /> },
  {
    path: '/access-log/:eventId/concern',
    audience: 'patient',
    render: (p, _s, id) => <ReportConcernPage patientId={id} eventId={p.eventId!} />,
  },
  { path: '/choices', audience: 'patient', render: (_, _s, id) => <ChoicesPage patientId={id} /> },
  {
    path: '/choices/sharing',
    audience: 'patient',
    render: (_, _s, id) => <SharingChoicePage patientId={id} />,
  },
  {
    path: '/choices/data-opt-out',
    audience: 'patient',
    render: (_, _s, id) => <OptOutChoicePage patientId={id} />,
  },
  {
    path: '/choices/research',
    audience: 'patient',
    render: (_, _s, id) => <ResearchChoicePage patientId={id} />,
  },
  {
    path: '/choices/full-record',
    audience: 'patient',
    render: (_, _s, id) => <FullRecordPage patientId={id} />,
  },
  {
    path: '/prescriptions',
    audience: 'patient',
    render: (_, _s, id) => <PrescriptionsPage patientId={id} />,
  },
];

export type Resolved =
  | { kind: 'page'; node: ReactNode }
  /** No session: sign in, then come back. */
  | { kind: 'sign-in' }
  /** Signed in, but the page is for someone else: go to this user's own start page. */
  | { kind: 'elsewhere'; to: string };

export function resolveRoute(pathname: string, session: Session | undefined): Resolved {
  for (const route of ROUTES) {
    const params = matchPath(route.path, pathname);
    if (!params) continue;
    if (route.audience === 'anyone') return { kind: 'page', node: route.render(params, session, '') };
    if (!session) return { kind: 'sign-in' };
    if (route.audience !== 'signed-in' && !AUDIENCE_ROLES[route.audience].includes(session.role)) {
      const home = homeFor(session);
      return home === pathname ? { kind: 'page', node: <NotFoundPage /> } : { kind: 'elsewhere', to: home };
    }
    if (route.audience === 'patient' && !session.patientId) return { kind: 'elsewhere', to: '/no-pages' };
    return { kind: 'page', node: route.render(params, session, session.patientId ?? '') };
  }
  return { kind: 'page', node: <NotFoundPage /> };
}
