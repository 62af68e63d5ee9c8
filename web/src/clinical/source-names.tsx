import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { matchedResources } from '../fhir/bundle-resources.js';
import type { Organization } from '../fhir/resources.js';
import { useFhirClient } from '../session/session-context.js';
import { ODS } from './code-systems.js';
import { odsCodeOfSource } from './record-source.js';

/** A source's organisation name: not asked yet or on its way, known, or not findable. */
export type SourceName = { status: 'pending' } | { status: 'known'; name: string } | { status: 'unknown' };

interface SourceNames {
  nameOf(source: string | undefined): SourceName;
  want(source: string | undefined): void;
}

const SourceNamesContext = createContext<SourceNames | undefined>(undefined);

/**
 * Resolves record sources to organisation names for the whole app, remembering them. Every source
 * line rendered in one go is resolved by one search (`Organization?identifier=ods|A,ods|B`), not one
 * request per line.
 */
export function SourceNamesProvider({ children }: { children: ReactNode }) {
  const client = useFhirClient();
  // ODS code -> name, or null when no organisation has that code (or the lookup failed).
  const [names, setNames] = useState<ReadonlyMap<string, string | null>>(new Map());
  const asked = useRef(new Set<string>());
  const queued = useRef(new Set<string>());

  const flush = useCallback(() => {
    const codes = [...queued.current];
    queued.current.clear();
    if (codes.length === 0) return;
    client
      .search('Organization', {
        identifier: codes.map((c) => `${ODS}|${c}`),
        _elements: 'name,identifier',
        _count: codes.length,
      })
      .then(
        (bundle) => {
          const found = new Map<string, string>();
          for (const org of matchedResources<Organization>(bundle, 'Organization')) {
            const code = org.identifier?.find((i) => i.system === ODS)?.value?.toUpperCase();
            if (code && org.name) found.set(code, org.name);
          }
          setNames((prev) => new Map([...prev, ...codes.map((c) => [c, found.get(c) ?? null] as const)]));
        },
        () => setNames((prev) => new Map([...prev, ...codes.map((c) => [c, null] as const)])),
      );
  }, [client]);

  const want = useCallback(
    (source: string | undefined) => {
      const code = odsCodeOfSource(source);
      if (!code || asked.current.has(code)) return;
      asked.current.add(code);
      // Lines rendered in the same commit ask one after another; a microtask later they go as one.
      if (queued.current.size === 0) queueMicrotask(flush);
      queued.current.add(code);
    },
    [flush],
  );

  const value = useMemo<SourceNames>(
    () => ({
      want,
      nameOf(source) {
        const code = odsCodeOfSource(source);
        if (!code) return { status: 'unknown' };
        const name = names.get(code);
        if (name === undefined) return { status: 'pending' };
        return name === null ? { status: 'unknown' } : { status: 'known', name };
      },
    }),
    [names, want],
  );
  return <SourceNamesContext.Provider value={value}>{children}</SourceNamesContext.Provider>;
}

export function useSourceName(source: string | undefined): SourceName {
  const names = useContext(SourceNamesContext);
  if (!names) throw new Error('useSourceName must be used inside <SourceNamesProvider>.');
  const { want } = names;
  useEffect(() => want(source), [want, source]);
  return names.nameOf(source);
}
