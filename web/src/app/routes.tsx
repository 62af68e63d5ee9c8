import type { ReactNode } from 'react';
import { AppointmentsPage } from '../pages/appointments-page.js';
import { ChoosePatientPage } from '../pages/choose-patient-page.js';
import { BookedPage } from '../pages/gp-appointments/booked-page.js';
import { CancelAppointmentPage } from '../pages/gp-appointments/cancel-appointment-page.js';
import { CheckBookingPage } from '../pages/gp-appointments/check-booking-page.js';
import { ChooseDayPage } from '../pages/gp-appointments/choose-day-page.js';
import { ChooseTimePage } from '../pages/gp-appointments/choose-time-page.js';
import { GpAppointmentsPage } from '../pages/gp-appointments/gp-appointments-page.js';
import { HomePage } from '../pages/home/home-page.js';
import { NotFoundPage } from '../pages/not-found-page.js';
import { PerformancePage } from '../pages/performance/performance-page.js';
import { TestResultPage } from '../pages/test-results/test-result-page.js';
import { TestResultsPage } from '../pages/test-results/test-results-page.js';
import { matchPath } from '../routing/match-path.js';
import type { RouteParams } from '../routing/match-path.js';
import type { Session } from '../session/session.js';

interface Route {
  path: string;
  /** Pages of someone's record need a session; without one they lead to choosing a patient. */
  needsPatient: boolean;
  render(params: RouteParams, session: Session | undefined): ReactNode;
}

const ROUTES: readonly Route[] = [
  { path: '/performance', needsPatient: false, render: () => <PerformancePage /> },
  { path: '/', needsPatient: true, render: (_, s) => <HomePage patientId={s!.patientId} /> },
  { path: '/choose-patient', needsPatient: false, render: () => <ChoosePatientPage /> },
  {
    path: '/test-results',
    needsPatient: true,
    render: (_, s) => <TestResultsPage patientId={s!.patientId} />,
  },
  {
    path: '/test-results/:testId',
    needsPatient: true,
    render: (p, s) => <TestResultPage patientId={s!.patientId} testId={p.testId!} />,
  },
  {
    path: '/appointments-and-visits',
    needsPatient: true,
    render: (_, s) => <AppointmentsPage patientId={s!.patientId} />,
  },
  {
    path: '/appointments',
    needsPatient: true,
    render: (_, s) => <GpAppointmentsPage patientId={s!.patientId} />,
  },
  {
    path: '/appointments/book',
    needsPatient: true,
    render: (_, s) => <ChooseDayPage patientId={s!.patientId} />,
  },
  {
    path: '/appointments/book/time',
    needsPatient: true,
    render: (_, s) => <ChooseTimePage patientId={s!.patientId} />,
  },
  {
    path: '/appointments/book/check',
    needsPatient: true,
    render: (_, s) => <CheckBookingPage patientId={s!.patientId} />,
  },
  {
    path: '/appointments/:id/booked',
    needsPatient: true,
    render: (p) => <BookedPage appointmentId={p.id!} />,
  },
  {
    path: '/appointments/:id/cancel',
    needsPatient: true,
    render: (p) => <CancelAppointmentPage appointmentId={p.id!} />,
  },
];

export type Resolved = { kind: 'page'; node: ReactNode } | { kind: 'needs-patient' };

export function resolveRoute(pathname: string, session: Session | undefined): Resolved {
  for (const route of ROUTES) {
    const params = matchPath(route.path, pathname);
    if (!params) continue;
    if (route.needsPatient && !session) return { kind: 'needs-patient' };
    return { kind: 'page', node: route.render(params, session) };
  }
  return { kind: 'page', node: <NotFoundPage /> };
}
