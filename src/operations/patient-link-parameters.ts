import type { PatientLink } from '../identity/index.js';

type Part = { name: string; [value: string]: unknown };

/** One link as a Parameters part: who, what kind, how sure, when made and ended, by whom, why. */
export function linkPart(link: PatientLink): Part {
  const part: Part[] = [
    { name: 'id', valueString: link.linkId },
    { name: 'patient', valueReference: { reference: `Patient/${link.patientId}` } },
    { name: 'other', valueReference: { reference: `Patient/${link.otherId}` } },
    { name: 'kind', valueCode: link.kind },
    { name: 'state', valueCode: link.state },
  ];
  if (link.score !== undefined)
    part.push({ name: 'score', valueDecimal: Math.round(link.score * 1000) / 1000 });
  part.push(
    { name: 'created', valueDateTime: link.createdAt },
    { name: 'created-by', valueString: link.createdBy },
  );
  if (link.reason !== undefined) part.push({ name: 'reason', valueString: link.reason });
  if (link.endedAt !== undefined) part.push({ name: 'ended', valueDateTime: link.endedAt });
  if (link.endedBy !== undefined) part.push({ name: 'ended-by', valueString: link.endedBy });
  if (link.endReason !== undefined) part.push({ name: 'end-reason', valueString: link.endReason });
  return { name: 'link', part };
}

export function parametersJson(parameter: Part[]): string {
  return JSON.stringify({ resourceType: 'Parameters', parameter });
}
