import { useSourceName } from '../clinical/source-names.js';
import { useI18n } from '../i18n/i18n-context.js';

/**
 * Where an entry came from and when: "Recorded by Kirkgate Medical Practice on 5 March 2024". In a
 * single record from many places, who wrote something down is part of what it means.
 */
export function RecordedBy({ source, date }: { source: string | undefined; date?: string | undefined }) {
  const { t, date: formatDate } = useI18n();
  const name = useSourceName(source);
  const when = formatDate(date);
  let text: string;
  if (name.status === 'known') {
    text = when
      ? t('source.recordedByOn', { name: name.name, date: when })
      : t('source.recordedBy', { name: name.name });
  } else if (name.status === 'unknown' && source) {
    text = when ? t('source.unnamedOn', { source, date: when }) : t('source.unnamed', { source });
  } else {
    text = when ? t('source.recordedOn', { date: when }) : '';
  }
  if (!text) return null;
  // Marked while the organisation's name is on its way, for anything waiting for the page to settle.
  const pending = name.status === 'pending' && source ? ' app-pending' : '';
  return <p className={`nhsuk-body-s nhsuk-u-secondary-text-colour app-recorded-by${pending}`}>{text}</p>;
}
