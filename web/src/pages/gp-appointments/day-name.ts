import type { MessageId } from '../../i18n/catalogue.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { englandDay, weekday } from './free-slots.js';

/** "Monday 3 March 2026" for an instant or a `YYYY-MM-DD` day, in the page's language. */
export function useDayName(): (value: string) => string {
  const { t, date } = useI18n();
  return (value) => {
    const day = value.length === 10 ? value : englandDay(value);
    return t('date.weekdayDate', {
      weekday: t(`date.weekday.${weekday(day)}` as MessageId),
      date: date(day) ?? day,
    });
  };
}
