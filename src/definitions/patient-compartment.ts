import { readGenerated } from './project-root.js';

/** Per resource type: the compartment's search parameters and the element paths they reach. */
export type PatientCompartment = Record<string, { params: string[]; paths: string[] }>;

export function loadPatientCompartment(): PatientCompartment {
  return readGenerated<PatientCompartment>('r4-patient-compartment.json');
}
