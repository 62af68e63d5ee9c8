import type { SignInAccount } from '../auth/index.js';
import type { FhirResource } from '../fhir/index.js';
import { DEMO_CARER_ID, DEMO_STAFF } from './carer.js';
import { GMC_SYSTEM, ODS_SYSTEM, SOURCE_BASE } from './care-providers.js';
import { generateDemoData } from './generate-demo-data.js';
import type { DemoData } from './generate-demo-data.js';

interface HumanName {
  prefix?: string[];
  given?: string[];
  family?: string;
}

const displayName = (r: FhirResource | undefined): string => {
  const n = (r?.name as HumanName[] | undefined)?.[0];
  return [...(n?.prefix ?? []), ...(n?.given ?? []), n?.family].filter(Boolean).join(' ');
};

/**
 * One demo sign-in account per role, resolved from the deterministic demo data: the patient whose GP
 * and hospital both hold records, their carer (proxy), a GP at their practice, a consultant at the
 * trust that saw them, and that trust's privacy officer, analyst and administrator.
 */
export function demoAccounts(data: DemoData = generateDemoData({ today: new Date(0) })): SignInAccount[] {
  const all = data.bundles.flatMap((b) => (b.entry ?? []).map((e) => e.resource!));
  const byRef = new Map(all.map((r) => [`${r.resourceType}/${r.id}`, r]));
  const patient = data.patients.find((p) => p.id === data.multiSourcePatientId)!;
  const orgByOds = (ods: string) =>
    all.find(
      (r) =>
        r.resourceType === 'Organization' &&
        (r.identifier as { system?: string; value?: string }[] | undefined)?.some(
          (i) => i.system === ODS_SYSTEM && i.value === ods,
        ),
    )!;
  const doctorAt = (source: string) =>
    all.find(
      (r) =>
        r.resourceType === 'Practitioner' &&
        (r.meta as { source?: string } | undefined)?.source === source &&
        (r.identifier as { system?: string }[] | undefined)?.some((i) => i.system === GMC_SYSTEM),
    )!;
  const practice = orgByOds(patient.practiceOdsCode);
  const trustOds = patient.hospitalOdsCodes[0]!;
  const trust = orgByOds(trustOds);
  const gp = doctorAt(`${SOURCE_BASE}/gp/${patient.practiceOdsCode}`);
  const consultant = doctorAt(`${SOURCE_BASE}/hospital/${trustOds}`);
  const patientName = displayName(byRef.get(`Patient/${patient.id}`));
  const carer = byRef.get(`RelatedPerson/${DEMO_CARER_ID}`);
  const staff = (i: number, role: SignInAccount['role']): SignInAccount => {
    const s = DEMO_STAFF[i]!;
    return {
      id: `demo-${role}`,
      role,
      name: `${s.given} ${s.family}`,
      person: `Practitioner/${s.id}`,
      organization: trust.id!,
      organizationName: trust.name as string,
      description: `${s.role}, ${trust.name as string}`,
    };
  };
  return [
    {
      id: 'demo-patient',
      role: 'patient',
      name: patientName,
      person: `Patient/${patient.id}`,
      patient: patient.id,
      description: `Patient registered at ${practice.name as string}, also seen in hospital`,
    },
    {
      id: 'demo-proxy',
      role: 'proxy',
      name: displayName(carer),
      person: `RelatedPerson/${DEMO_CARER_ID}`,
      patient: patient.id,
      description: `Parent with proxy access to ${patientName}'s record`,
    },
    {
      id: 'demo-gp',
      role: 'gp',
      name: displayName(gp),
      person: `Practitioner/${gp.id}`,
      organization: practice.id!,
      organizationName: practice.name as string,
      description: `GP at ${practice.name as string}`,
    },
    {
      id: 'demo-clinician',
      role: 'clinician',
      name: displayName(consultant),
      person: `Practitioner/${consultant.id}`,
      organization: trust.id!,
      organizationName: trust.name as string,
      description: `Consultant at ${trust.name as string}`,
    },
    staff(0, 'privacy-officer'),
    staff(1, 'analyst'),
    staff(2, 'admin'),
  ];
}
