import type { OperationDefinition } from '../rest/index.js';

/** Every `$operation` Heartwood offers: one file each in this folder, listed here. */
export function allOperations(): OperationDefinition[] {
  return [];
}
