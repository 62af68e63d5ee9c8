import { createAuditLog } from '../src/audit/index.js';
import type { Principal } from '../src/auth/index.js';
import { loadPatientCompartment } from '../src/definitions/index.js';
import { createValidator, loadR4Definitions } from '../src/fhir/validation/index.js';
import { createServiceFor } from '../src/main.js';
import { createFhirService } from '../src/rest/index.js';
import type { FhirService } from '../src/rest/index.js';
import type { OpenedStore } from '../src/store/index.js';

/**
 * The two services the access-guard benchmark compares on one store: the one Heartwood serves
 * (policy and audit at the store boundary) and the bare FHIR service underneath it. Read records
 * commit as `HEARTWOOD_AUDIT_READ_DURABILITY` says, as in the server (sync unless set).
 */
export function guardServices(
  opened: OpenedStore,
  baseUrl: string,
): { guarded: FhirService; bare: FhirService } {
  const model = loadR4Definitions();
  const readDurability = process.env.HEARTWOOD_AUDIT_READ_DURABILITY === 'async' ? 'async' : 'sync';
  const audit = createAuditLog({ driver: opened.driver, readDurability });
  return {
    guarded: createServiceFor(opened, baseUrl, { audit }),
    bare: createFhirService({
      store: opened.store,
      validator: createValidator(model),
      model,
      registry: opened.registry,
      patientCompartment: loadPatientCompartment(),
      baseUrl,
    }),
  };
}

/** A GP at the practice with this Organization id, reading and searching with a user scope. */
export function benchGp(practiceId: string): Principal {
  return {
    subject: 'bench-gp',
    role: 'gp',
    name: 'Dr Bench',
    organization: practiceId,
    person: 'Practitioner/bench-gp',
    scopes: [{ context: 'user', resourceType: '*', permissions: new Set(['r', 's']) }],
  };
}
