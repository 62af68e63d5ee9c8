import type { ViewDefinition } from '../src/analytics/index.js';

/**
 * The view the analytics benchmarks run and materialise: one row per final or amended Observation,
 * the columns an analyst asks for first.
 */
export const OBSERVATION_VIEW: ViewDefinition = {
  resourceType: 'ViewDefinition',
  name: 'observation_flat',
  status: 'active',
  resource: 'Observation',
  select: [
    {
      column: [
        { name: 'id', path: 'getResourceKey()', type: 'id' },
        { name: 'patient_id', path: 'subject.getReferenceKey()', type: 'string' },
        { name: 'status', path: 'status', type: 'code' },
        { name: 'code_system', path: 'code.coding.first().system', type: 'uri' },
        { name: 'code', path: 'code.coding.first().code', type: 'code' },
        { name: 'value', path: 'value.ofType(Quantity).value', type: 'decimal' },
        { name: 'unit', path: 'value.ofType(Quantity).unit', type: 'string' },
        { name: 'effective', path: 'effective.ofType(dateTime)', type: 'dateTime' },
      ],
    },
  ],
  where: [{ path: "status = 'final' or status = 'amended'" }],
};
