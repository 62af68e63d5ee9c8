import { describe, expect, it } from 'vitest';
import { CONTENT_LIMIT, narrativeText, textContent } from './text-content.js';

describe('_text and _content', () => {
  it('narrative: tags stripped (inline ones inside words), entities decoded, all spaces collapsed', () => {
    const div =
      '<div xmlns="http://www.w3.org/1999/xhtml"><p><b>Pat</b>ient &amp; family</p>' +
      '<!-- note --><table><tr><td>BP&#160;120/80</td><td>&lt;ok&gt; &#x2713; &eacute;</td></tr></table></div>';
    expect(narrativeText(div)).toBe('Patient & family BP 120/80 <ok> ✓ &eacute;');
  });

  it('content: every string value, the narrative words instead of its markup, no base64 data', () => {
    const resource = {
      resourceType: 'DocumentReference',
      id: 'd1',
      text: { status: 'generated', div: '<div><p>Discharge letter</p></div>' },
      status: 'current',
      content: [{ attachment: { contentType: 'text/plain', data: 'SGVsbG8=', title: 'Letter' } }],
      size: 12,
    };
    expect(textContent(resource)).toEqual({
      narrative: 'Discharge letter',
      content: 'Discharge letter d1 generated current text/plain Letter',
    });
  });

  it('no narrative is null; content is cut at the limit', () => {
    const long = 'x'.repeat(40_000);
    const { narrative, content } = textContent({ resourceType: 'Basic', a: long, b: long, c: long });
    expect(narrative).toBeNull();
    expect(content.length).toBe(CONTENT_LIMIT);
  });
});
