import { useSourceName } from '../clinical/source-names.js';
import { useI18n } from '../i18n/i18n-context.js';

/** Just the name of the organisation an entry came from, for tables. */
export function SourceName({ source }: { source: string | undefined }) {
  const { t } = useI18n();
  const name = useSourceName(source);
  if (name.status === 'known') return <>{name.name}</>;
  if (name.status === 'pending') return <span className="app-loading">{t('source.loading')}</span>;
  return <>{source ?? t('source.none')}</>;
}
