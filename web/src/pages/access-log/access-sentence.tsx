import type { MessageId } from '../../i18n/catalogue.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { AccessWords } from './access-words.js';

const KNOWN_ROLES = new Set([
  'gp',
  'clinician',
  'patient',
  'proxy',
  'privacy-officer',
  'analyst',
  'admin',
  'source',
  'system',
]);

/** The sentence for one access: "Dr Amina Shah, GP at Kirkgate Medical Practice, looked at your test results on 3 March 2026 at 10:00 to care for you." */
export function useAccessSentence(): (w: AccessWords) => string {
  const { t, date, time } = useI18n();
  return (w) => {
    const role = w.role && KNOWN_ROLES.has(w.role) ? t(`access.role.${w.role}` as MessageId) : undefined;
    const name = w.mine ? t('access.you') : (w.who ?? t('access.someone'));
    // Heartwood's own jobs are named for what they are ("Heartwood"), not given a role as well.
    const who =
      w.mine || w.role === 'system'
        ? name
        : role && w.organization
          ? t('access.whoRoleAt', { who: name, role, organization: w.organization })
          : role
            ? t('access.whoRole', { who: name, role })
            : name;
    const day = date(w.recorded) ?? '';
    const at = time(w.recorded);
    const when = at ? t('date.dayAtTime', { date: day, time: at }) : day;
    if (w.action === 'signedIn') return t('access.signedInSentence', { who, when });
    const parts = w.parts.map((p) => t(`access.part.${p}` as MessageId));
    const list =
      parts.length > 1
        ? t('access.list', { items: parts.slice(0, -1).join(', '), last: parts.at(-1)! })
        : parts[0]!;
    return t('access.sentence', {
      who,
      action: t(`access.action.${w.action}` as MessageId),
      parts: list,
      when,
      purpose: w.purpose && w.purpose !== 'other' ? t(`access.purpose.${w.purpose}` as MessageId) : '',
    });
  };
}
