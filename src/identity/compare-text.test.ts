import { describe, expect, it } from 'vitest';
import { compareText } from './compare-text.js';

describe('free text', () => {
  it('grades towns and counties by equality, spacing and Jaro–Winkler', () => {
    expect(compareText('winston hills', 'winston hills').level).toBe('exact');
    expect(compareText('daisy hill', 'daisyh ill').level).toBe('close');
    expect(compareText('canterbury', 'cantebrry').level).toBe('close');
    expect(compareText('avoca', 'beaudesert').level).toBe('disagree');
    expect(compareText('', 'avoca').level).toBe('missing');
  });
});
