import type { FhirResource } from '../fhir/index.js';
import { isObject } from '../fhir/index.js';
import type { PatientCompartment } from '../definitions/index.js';

export type PatientKeyFn = (resource: FhirResource & { id: string }) => string;

/**
 * Builds the function that picks a resource's distribution key: the patient whose compartment it is in
 * (the first patient reference along the compartment's paths, in the definition's order), else its own id.
 */
/**
 * Types outside R4's Patient compartment that still belong in one person's record for access and
 * distribution: a Task about a patient (a repeat prescription request, a concern) is theirs.
 */
const RECORD_PATHS: Record<string, string[]> = { Task: ['for'] };

export function createPatientKey(compartment: PatientCompartment): PatientKeyFn {
  const pathsByType = new Map<string, string[][]>();
  for (const [type, paths] of Object.entries(RECORD_PATHS)) {
    pathsByType.set(
      type,
      paths.map((p) => p.split('.')),
    );
  }
  for (const [type, def] of Object.entries(compartment)) {
    pathsByType.set(
      type,
      def.paths.map((p) => p.split('.')),
    );
  }
  return (resource) => {
    if (resource.resourceType === 'Patient') return resource.id;
    const paths = pathsByType.get(resource.resourceType);
    if (paths) {
      for (const path of paths) {
        const found = firstPatientReference(resource, path, 0);
        if (found) return found;
      }
    }
    return resource.id;
  };
}

function firstPatientReference(node: unknown, path: string[], depth: number): string | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const r = firstPatientReference(item, path, depth);
      if (r) return r;
    }
    return undefined;
  }
  if (!isObject(node)) return undefined;
  if (depth === path.length) {
    const ref = node.reference;
    if (typeof ref === 'string') {
      const m = /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/.*)?$/.exec(ref);
      if (m) return m[1];
    }
    return undefined;
  }
  return firstPatientReference(node[path[depth]!], path, depth + 1);
}
