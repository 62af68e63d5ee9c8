import { describe, expect, it } from 'vitest';
import { detectLanguage } from './detect-language.js';

const available = ['en', 'cy'];

describe('detectLanguage', () => {
  it('prefers the address, then the stored choice, then the browser, then English', () => {
    expect(detectLanguage(available, { query: 'cy', stored: 'en' })).toBe('cy');
    expect(detectLanguage(available, { query: 'fr', stored: 'cy' })).toBe('cy');
    expect(detectLanguage(available, { preferred: ['fr-FR', 'cy-GB', 'en'] })).toBe('cy');
    expect(detectLanguage(available, { preferred: ['fr-FR'] })).toBe('en');
    expect(detectLanguage(available, {})).toBe('en');
  });
});
