import type { EncodingCharacters } from './encoding-characters.js';

/** One field repetition: its components, each a list of subcomponents, every leaf already unescaped. */
export type Hl7Composite = readonly (readonly string[])[];

export interface Hl7Segment {
  readonly id: string;
  /** Position of the segment in the message, 1-based (for error locations in ACKs). */
  readonly sequence: number;
  /** Number of the last field present (PID-3 is field 3; MSH-1 is the field separator). */
  readonly fieldCount: number;
  /** The repetitions of field `n`; empty when the field is absent or empty. */
  repetitions(field: number): Hl7Composite[];
  /** The first repetition of field `n`, or undefined when it is empty. */
  composite(field: number): Hl7Composite | undefined;
  /** One leaf, trimmed; undefined when empty or the explicit null `""`. Positions are 1-based. */
  value(field: number, component?: number, subcomponent?: number, repetition?: number): string | undefined;
  /** A leaf by path relative to the segment: `5`, `5.1`, `3[2].4.2` (repetition in brackets). */
  get(path: string): string | undefined;
}

export interface Hl7MessageType {
  /** MSH-9.1, e.g. `ADT`. */
  code: string;
  /** MSH-9.2, e.g. `A01` (EVN-1 for old messages that leave MSH-9.2 empty). */
  trigger: string;
  /** MSH-9.3, e.g. `ADT_A01`, often absent before v2.4. */
  structure: string;
}

export interface Hl7Message {
  readonly encoding: EncodingCharacters;
  readonly segments: readonly Hl7Segment[];
  readonly messageType: Hl7MessageType;
  /** MSH-10. */
  readonly controlId: string | undefined;
  /** MSH-12.1. */
  readonly version: string | undefined;
  /** The first segment with this id. */
  segment(id: string): Hl7Segment | undefined;
  /** Every segment with this id, in order. */
  all(id: string): Hl7Segment[];
  /**
   * A leaf by terser-style path: `PID-5.1`, `PID-3[2].4.2` (second repetition), `OBX[3]-5` (third
   * OBX). Unnamed components and subcomponents are the first ones, as in HAPI's Terser.
   */
  get(path: string): string | undefined;
  /** The leaf at `path` in every repetition of the field: `getAll('PID-3.1')` lists all patient ids. */
  getAll(path: string): string[];
}

/** A leaf of a composite, trimmed, with empty and `""` (explicit null) as undefined. */
export function leaf(c: Hl7Composite | undefined, component = 1, subcomponent = 1): string | undefined {
  return clean(c?.[component - 1]?.[subcomponent - 1]);
}

/** The subcomponents of one component as a composite of their own (for HD inside CX-4, say). */
export function subcomposite(c: Hl7Composite | undefined, component: number): Hl7Composite | undefined {
  const subs = c?.[component - 1];
  if (!subs || subs.every((s) => clean(s) === undefined)) return undefined;
  return subs.map((s) => [s]);
}

export function clean(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  return v === '' || v === '""' ? undefined : v;
}

export function isEmptyComposite(c: Hl7Composite): boolean {
  return c.every((subs) => subs.every((s) => clean(s) === undefined));
}

const SEGMENT_PATH = /^(\d+)(?:\[(\d+)\])?(?:\.(\d+)(?:\.(\d+))?)?$/;
const MESSAGE_PATH = /^([A-Z][A-Z0-9]{2})(?:\[(\d+)\])?-(.+)$/;

interface ParsedPath {
  field: number;
  repetition: number | undefined;
  component: number;
  subcomponent: number;
}

function parseSegmentPath(path: string): ParsedPath {
  const m = SEGMENT_PATH.exec(path);
  if (!m) throw new Error(`"${path}" is not a field path such as 5, 5.1 or 3[2].4.2`);
  return {
    field: Number(m[1]),
    repetition: m[2] === undefined ? undefined : Number(m[2]),
    component: m[3] === undefined ? 1 : Number(m[3]),
    subcomponent: m[4] === undefined ? 1 : Number(m[4]),
  };
}

/**
 * A segment over its fields as received: a field is split into repetitions, components and
 * subcomponents (and unescaped) the first time it is read, since a mapping reads only a few fields of
 * each segment. `field(n)` must return the same parts for the same `n` every time.
 */
export function createSegment(
  id: string,
  sequence: number,
  fieldCount: number,
  field: (n: number) => Hl7Composite[],
): Hl7Segment {
  const parsed: (Hl7Composite[] | undefined)[] = [];
  const nonEmpty: (Hl7Composite[] | undefined)[] = [];
  const at = (n: number): Hl7Composite[] => (parsed[n] ??= n >= 1 && n <= fieldCount ? field(n) : []);
  const repetitions = (n: number): Hl7Composite[] =>
    (nonEmpty[n] ??= at(n).filter((c) => !isEmptyComposite(c))).slice();
  const segment: Hl7Segment = {
    id,
    sequence,
    fieldCount,
    repetitions,
    composite: (n) => (nonEmpty[n] ?? repetitions(n))[0],
    value: (n, component = 1, subcomponent = 1, repetition = 1) =>
      leaf(at(n)[repetition - 1], component, subcomponent),
    get(path) {
      const p = parseSegmentPath(path);
      return segment.value(p.field, p.component, p.subcomponent, p.repetition ?? 1);
    },
  };
  return segment;
}

export function createMessage(encoding: EncodingCharacters, segments: Hl7Segment[]): Hl7Message {
  const all = (id: string) => segments.filter((s) => s.id === id);
  const locate = (path: string): [Hl7Segment | undefined, ParsedPath] => {
    const m = MESSAGE_PATH.exec(path);
    if (!m) throw new Error(`"${path}" is not a message path such as PID-5.1 or OBX[2]-5`);
    const occurrence = m[2] === undefined ? 1 : Number(m[2]);
    return [all(m[1]!)[occurrence - 1], parseSegmentPath(m[3]!)];
  };
  const msh = segments[0]!;
  const evn = segments.find((s) => s.id === 'EVN');
  return {
    encoding,
    segments,
    messageType: {
      code: msh.value(9, 1)?.toUpperCase() ?? '',
      trigger: (msh.value(9, 2) ?? evn?.value(1) ?? '').toUpperCase(),
      structure: msh.value(9, 3)?.toUpperCase() ?? '',
    },
    controlId: msh.value(10),
    version: msh.value(12),
    segment: (id) => segments.find((s) => s.id === id),
    all,
    get(path) {
      const [segment, p] = locate(path);
      return segment?.value(p.field, p.component, p.subcomponent, p.repetition ?? 1);
    },
    getAll(path) {
      const [segment, p] = locate(path);
      if (!segment) return [];
      if (p.repetition !== undefined) {
        const v = segment.value(p.field, p.component, p.subcomponent, p.repetition);
        return v === undefined ? [] : [v];
      }
      return segment
        .repetitions(p.field)
        .map((c) => leaf(c, p.component, p.subcomponent))
        .filter((v): v is string => v !== undefined);
    },
  };
}
