import type { ReactNode } from 'react';
import { AppointmentsPage } from '../pages/appointments-page.js';
import { ChoosePatientPage } from '../pages/choose-patient-page.js';
import { HomePage } from '../pages/home/home-page.js';
import { NotFoundPage } from '../pages/not-found-page.js';
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
