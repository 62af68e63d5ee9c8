import type { FhirResource, Task } from '../../fhir/resources.js';

export interface GlassItem {
  grant: string;
  agent?: string;
  organization?: string;
  patient?: string;
  reason?: string;
  text?: string;
  granted?: string;
  expires?: string;
}

export interface PrivacyQueue {
  glass: GlassItem[];
  concerns: Task[];
}

interface Part {
  name: string;
  valueString?: string;
  valueInstant?: string;
  valueReference?: { reference?: string };
  valueCoding?: { code?: string; display?: string };
}

/** `$privacy-queue`'s Parameters: break-glass grants awaiting review, and open concerns (Tasks). */
export function readPrivacyQueue(parameters: FhirResource): PrivacyQueue {
  const queue: PrivacyQueue = { glass: [], concerns: [] };
  const list =
    (parameters.parameter as { name: string; part?: Part[]; resource?: FhirResource }[] | undefined) ?? [];
  for (const p of list) {
    if (p.name === 'concern' && p.resource?.resourceType === 'Task') queue.concerns.push(p.resource as Task);
    if (p.name !== 'break-glass') continue;
    const part = (name: string) => p.part?.find((x) => x.name === name);
    const grant = part('grant')?.valueString;
    if (!grant) continue;
    queue.glass.push({
      grant,
      agent: part('agent')?.valueString,
      organization: part('organization')?.valueReference?.reference,
      patient: part('patient')?.valueReference?.reference?.replace(/^Patient\//, ''),
      reason: part('reason')?.valueCoding?.code,
      text: part('text')?.valueString,
      granted: part('granted')?.valueInstant,
      expires: part('expires')?.valueInstant,
    });
  }
  return queue;
}
