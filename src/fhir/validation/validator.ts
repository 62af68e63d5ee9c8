import type { Issue } from '../operation-outcome.js';
import { buildElementTree } from './element-tree.js';
import { createReferenceShapeCheck } from './reference-shape.js';
import { StructureWalker } from './structure-walker.js';
import type { StructureModel } from './structure-model.js';

export interface Validator {
  /** All structural problems of a parsed JSON resource; an empty array means valid. */
  validate(resource: unknown): Issue[];
  /** A concrete R4 resource type (not Resource or DomainResource). */
  isKnownResourceType(type: string): boolean;
  /** The concrete R4 resource types, sorted. */
  resourceTypes(): string[];
}

/** Compiles the element maps once; the validator is then immutable and safe to share. */
export function createValidator(model: StructureModel): Validator {
  const tree = buildElementTree(model);
  const types = [...tree.resources.keys()].sort();
  const walker = new StructureWalker(tree, createReferenceShapeCheck(new Set(types), tree.primitives));
  return {
    validate(resource) {
      const issues: Issue[] = [];
      walker.resource(resource, '', issues);
      return issues;
    },
    isKnownResourceType: (type) => tree.resources.has(type),
    resourceTypes: () => [...types],
  };
}
