import { linkHistory, linkedPatientIds } from '../identity/index.js';
import type { OperationDefinition } from '../rest/index.js';
import { readPatient } from './patient-link-input.js';
import { linkPart, parametersJson } from './patient-link-parameters.js';

/**
 * `GET Patient/{id}/$links`: the record's link history as Parameters — every link it is part of,
 * active and ended, oldest first, with who made or ended it and why — and `same-person`: the records
 * `$everything` currently treats as this person (links and `Patient.link`, transitively).
 */
export function createPatientLinks(): OperationDefinition {
  return {
    name: 'links',
    levels: ['instance'],
    resourceTypes: ['Patient'],
    definition: 'https://heartwood.nhs.example/fhir/OperationDefinition/Patient-links',
    affectsState: false,
    async run(ctx, call) {
      const id = call.id!;
      await readPatient(ctx.store, id);
      const { links, same } = await ctx.store.withExecutor(async (exec) => ({
        links: await linkHistory(exec, id),
        same: await linkedPatientIds(exec, id),
      }));
      return {
        status: 200,
        body: parametersJson([
          ...same.slice(1).map((other) => ({
            name: 'same-person',
            valueReference: { reference: `Patient/${other}` },
          })),
          ...links.map(linkPart),
        ]),
      };
    },
  };
}
