import { describe, expect, it } from 'vitest';
import { inlineText } from './document-text.js';

describe('inlineText', () => {
  it('decodes plain text sent inline, in UTF-8', () => {
    const data = Buffer.from('Discharge summary – Ysbyty', 'utf8').toString('base64');
    expect(inlineText({ contentType: 'text/plain; charset=utf-8', data })).toBe('Discharge summary – Ysbyty');
  });
  it('leaves other content alone', () => {
    expect(inlineText({ contentType: 'application/pdf', data: 'JVBERi0=' })).toBeUndefined();
    expect(inlineText({ contentType: 'text/plain' })).toBeUndefined();
    expect(inlineText(undefined)).toBeUndefined();
  });
});
