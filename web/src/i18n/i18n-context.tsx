import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { MessageId } from './catalogue.js';
import { detectLanguage } from './detect-language.js';
import { formatFhirDate, formatFhirTime, formatMonthYear } from './fhir-date.js';
import type { DateWords } from './fhir-date.js';
import { LANGUAGES } from './languages.js';
import type { Language } from './languages.js';
import type { MessageParams } from './message.js';
import { formatMessage } from './translate.js';

export interface I18n {
  language: Language;
  languages: readonly Language[];
  setLanguage(code: string): void;
  t(id: MessageId, params?: MessageParams): string;
  /** A FHIR date or dateTime at its own precision ("March 2019", "5 March 2019"). */
  date(value: string | undefined): string | undefined;
  /** The time of a FHIR instant in England ("09:40"); undefined when the value has no time. */
  time(value: string | undefined): string | undefined;
  /** A short month and year for chart axes ("Aug 2022"). */
  monthYear(date: Date): string;
  number(value: number, options?: Intl.NumberFormatOptions): string;
}

const STORAGE_KEY = 'heartwood.language';
const I18nContext = createContext<I18n | undefined>(undefined);

function initialLanguage(): string {
  return detectLanguage(
    LANGUAGES.map((l) => l.code),
    {
      query: new URLSearchParams(window.location.search).get('lang'),
      stored: readStored(),
      preferred: navigator.languages,
    },
  );
}

function readStored(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be switched off; the language then lasts as long as the page.
    return null;
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [code, setCode] = useState(initialLanguage);
  const language = LANGUAGES.find((l) => l.code === code) ?? LANGUAGES[0]!;

  useEffect(() => {
    document.documentElement.lang = language.code;
    document.documentElement.dir = language.dir;
  }, [language]);

  const setLanguage = useCallback((next: string) => {
    if (!LANGUAGES.some((l) => l.code === next)) return;
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // See readStored.
    }
    setCode(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const { locale, catalogue } = language;
    const numberFormat = new Intl.NumberFormat(locale);
    const months = Array.from({ length: 12 }, (_, i) => i + 1);
    const words: DateWords = {
      months: months.map((m) => catalogue[`date.month.${m}` as MessageId] as string),
      shortMonths: months.map((m) => catalogue[`date.monthShort.${m}` as MessageId] as string),
      dayMonthYear: catalogue['date.dayMonthYear'],
      monthYear: catalogue['date.monthYear'],
    };
    return {
      language,
      languages: LANGUAGES,
      setLanguage,
      t: (id, params) => formatMessage(catalogue[id], locale, params),
      date: (v) => formatFhirDate(v, words),
      time: (v) => formatFhirTime(v),
      monthYear: (d) => formatMonthYear(d, words),
      number: (v, options) => (options ? new Intl.NumberFormat(locale, options) : numberFormat).format(v),
    };
  }, [language, setLanguage]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n must be used inside <I18nProvider>.');
  return i18n;
}
