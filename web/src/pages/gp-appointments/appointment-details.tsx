import { SummaryList } from '../../components/forms/summary-list.js';
import type { Appointment } from '../../fhir/resources.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useDayName } from './day-name.js';

/** Who an appointment is with and where, from its participants' names. */
export function appointmentPeople(appointment: Appointment): { with?: string; where?: string } {
  const display = (prefix: string) =>
    appointment.participant?.find((p) => p.actor?.reference?.startsWith(prefix))?.actor?.display;
  return { with: display('Practitioner/') ?? display('PractitionerRole/'), where: display('Location/') };
}

/** Date, time, with whom, where and what about, as a summary list. */
export function AppointmentDetails({ appointment }: { appointment: Appointment }) {
  const { t, time } = useI18n();
  const dayName = useDayName();
  const people = appointmentPeople(appointment);
  const rows = [
    { key: t('gpAppointments.date'), value: appointment.start ? dayName(appointment.start) : '' },
    { key: t('gpAppointments.time'), value: time(appointment.start) ?? '' },
    ...(people.with ? [{ key: t('gpAppointments.with'), value: people.with }] : []),
    ...(people.where ? [{ key: t('gpAppointments.where'), value: people.where }] : []),
    ...(appointment.description
      ? [{ key: t('gpAppointments.about'), value: <span lang="en">{appointment.description}</span> }]
      : []),
  ];
  return <SummaryList rows={rows} />;
}
