// @vitest-environment happy-dom
/**
 * Defect (#15): a number shown with an extension, "+1 415-555-0186 ext. 12", was read as
 * "+1415555018612" (the extension glued onto the number), so Salesforce was searched for a number
 * nobody has. The extension is its own field; the number is the line.
 */
import { describe, expect, it } from 'vitest';
import { phoneFromText } from '../../../lib/dialpad/extract';

describe('a number with an extension', () => {
  it.each([
    ['+1 415-555-0186 ext. 12', '+14155550186'],
    ['(415) 555-0186 ext. 12', '4155550186'],
    ['(415) 555-0186 内線 12', '4155550186'],
    ['+14155550186;ext=12', '+14155550186'],
    // Spellings once left to libphonenumber, now read without phone metadata in the page.
    ['(415) 555-0186 ext: 12', '4155550186'],
    ['(415) 555-0186 extn 12', '4155550186'],
    ['(415) 555-0186, extension 12', '4155550186'],
    ['415.555.0186 x12', '4155550186'],
    ['415-555-0186 #12', '4155550186'],
    ['＋１ ４１５-５５５-０１８６ ｘ１２', '+14155550186'],
  ])('%s is the line %s with extension 12', (text, line) => {
    expect(phoneFromText(text)).toMatchObject({ normalized: line, extension: '12' });
  });

  it('reads a number without one as the line alone', () => {
    expect(phoneFromText('(415) 555-0186')).toEqual({ display: '(415) 555-0186', normalized: '4155550186' });
  });
});
