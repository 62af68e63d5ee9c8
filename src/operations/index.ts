import type { PatientCompartment } from '../definitions/index.js';
import type { OperationDefinition } from '../rest/index.js';
import type { SqlExecutor } from '../store/index.js';
import { createAppointmentBook } from './appointment-book.js';
import { createAppointmentCancel } from './appointment-cancel.js';
import { createBulkExport } from './bulk-export.js';
import { createPatientEverything } from './patient-everything.js';
import { createPatientSummary } from './patient-summary.js';
import { createPatientMatch } from './patient-match.js';
import { createPatientLinkOperations } from './patient-link.js';
import { createPatientLinks } from './patient-links.js';
import { createPatientMerge } from './patient-merge.js';
import { createPatientUnmerge } from './patient-unmerge.js';
import { createResolveLinkReview } from './task-resolve-link-review.js';
import { createViewRun } from './view-run.js';
import { createViewMaterialise } from './view-materialise.js';

/** Every `$operation` Heartwood offers: one file each in this folder, listed here. */
export function allOperations(deps: {
  patientCompartment: PatientCompartment;
  driver: SqlExecutor;
}): OperationDefinition[] {
  return [
    createPatientMatch(),
    createPatientEverything(deps),
    createPatientSummary(deps),
    ...createViewRun(deps),
    ...createViewMaterialise(),
    ...createBulkExport(deps),
    ...createPatientLinkOperations(),
    createPatientLinks(),
    createPatientMerge(),
    createPatientUnmerge(),
    createResolveLinkReview(),
    createAppointmentBook(),
    createAppointmentCancel(),
  ];
}
export { runViewOverStore } from './view-run.js';
export { LINKER_ACTOR, drainPatientLinker, startPatientLinker } from './patient-linker.js';
export type { LinkerProgress, PatientLinkerDeps } from './patient-linker.js';
export { exportToDirectory } from './bulk-export-run.js';
export { materialiseView, refreshMaterialisedView } from './view-materialise.js';
export type { MaterialiseResult } from './view-materialise.js';
