import type { Catalogue } from './catalogue.js';
import { cy } from './messages-cy.js';
import { en } from './messages-en.js';

export interface Language {
  /** BCP 47 language code, used for `<html lang>` and in the address (`?lang=cy`). */
  code: string;
  /** The locale for dates and numbers. */
  locale: string;
  /** The language's name in that language, as language switchers show it. */
  nativeName: string;
  dir: 'ltr' | 'rtl';
  catalogue: Catalogue;
}

/**
 * The languages the pages are offered in. Another language joins by adding its `messages-xx.ts`
 * (TypeScript then lists every message it still lacks) and one line here.
 */
export const LANGUAGES: readonly Language[] = [
  { code: 'en', locale: 'en-GB', nativeName: 'English', dir: 'ltr', catalogue: en },
  { code: 'cy', locale: 'cy-GB', nativeName: 'Cymraeg', dir: 'ltr', catalogue: cy },
];
