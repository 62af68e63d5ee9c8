import type { StructureModel } from '../fhir/validation/index.js';
import type { Summary } from '../fhir/search-request/index.js';

interface TopElement {
  name: string;
  choice: boolean;
  summary: boolean;
  mandatory: boolean;
}

const SUBSETTED = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED' };

/**
 * Applies `_summary` and `_elements` to resources on their way out. Built once from the structure
 * model; each call parses only the resources of one page.
 */
export function createResultShaper(model: StructureModel) {
  const cache = new Map<string, TopElement[]>();
  const topElements = (type: string): TopElement[] => {
    let list = cache.get(type);
    if (!list) {
      list = (model.types[type]?.elements ?? [])
        .filter((e) => !e.p.includes('.'))
        .map((e) => ({
          name: e.p.replace('[x]', ''),
          choice: e.p.endsWith('[x]'),
          summary: e.s === true,
          mandatory: e.min > 0,
        }));
      cache.set(type, list);
    }
    return list;
  };
  const elementOf = (type: string, key: string): TopElement | undefined => {
    const name = key.startsWith('_') ? key.slice(1) : key;
    return topElements(type).find(
      (e) =>
        e.name === name || (e.choice && name.startsWith(e.name) && /^[A-Z]/.test(name.slice(e.name.length))),
    );
  };

  return {
    /** True when the content needs reshaping for these parameters. */
    applies(summary: Summary, elements?: string[]): boolean {
      return (
        summary === 'true' ||
        summary === 'text' ||
        summary === 'data' ||
        (elements !== undefined && elements.length > 0)
      );
    },

    shape(content: string, summary: Summary, elements?: string[]): string {
      const resource = JSON.parse(content) as Record<string, unknown> & { resourceType: string };
      const type = resource.resourceType;
      const keep = (key: string): boolean => {
        if (key === 'resourceType' || key === 'id' || key === 'meta') return true;
        const el = elementOf(type, key);
        if (summary === 'data') return key !== 'text';
        if (summary === 'text') return key === 'text' || el?.mandatory === true;
        if (summary === 'true') return el?.summary === true || el?.mandatory === true;
        return elements!.some((n) => n.replace('[x]', '') === el?.name) || el?.mandatory === true;
      };
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(resource)) if (keep(k)) out[k] = v;
      const meta = { ...((out.meta as Record<string, unknown>) ?? {}) };
      meta.tag = [...((meta.tag as unknown[]) ?? []), SUBSETTED];
      out.meta = meta;
      return JSON.stringify(out);
    },
  };
}

export type ResultShaper = ReturnType<typeof createResultShaper>;
