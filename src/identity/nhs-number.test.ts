import { describe, expect, it } from 'vitest';
import {
  formatNhsNumber,
  hasValidNhsCheckDigit,
  nhsNumberChecksum,
  normaliseNhsNumber,
  standardiseNhsNumber,
} from './nhs-number.js';
import { isValidNhsNumber, nhsNumberRegion } from './nhs-number-regions.js';

describe('NHS number check digit', () => {
  it('follows the NHS Data Dictionary worked example 943 476 5919', () => {
    // 9×10 + 4×9 + 3×8 + 4×7 + 7×6 + 6×5 + 5×4 + 9×3 + 1×2 = 299 = 11×27 + 2 → 11 − 2 = 9.
    expect(nhsNumberChecksum('943476591')).toBe(9);
    expect(hasValidNhsCheckDigit('9434765919')).toBe(true);
    expect(hasValidNhsCheckDigit('9434765918')).toBe(false);
  });

  it('maps 11 to 0 and reports 10 as "no check digit possible"', () => {
    expect(nhsNumberChecksum('000000000')).toBe(0);
    // 9×10 + 9×9 + 9×8 = 243 = 11×22 + 1 → 10: nothing starting 999000000 is valid.
    expect(nhsNumberChecksum('999000000')).toBe(10);
    for (let d = 0; d <= 9; d++) expect(hasValidNhsCheckDigit(`999000000${d}`)).toBe(false);
  });

  it('needs exactly nine digits to compute a checksum', () => {
    expect(nhsNumberChecksum('94347659')).toBeUndefined();
    expect(nhsNumberChecksum('9434765919')).toBeUndefined();
    expect(nhsNumberChecksum('94347659x')).toBeUndefined();
  });

  it('catches every single-digit error and every adjacent swap of a valid number', () => {
    const valid = '9434765919';
    for (let i = 0; i < 10; i++) {
      for (let d = 0; d <= 9; d++) {
        const changed = valid.slice(0, i) + String(d) + valid.slice(i + 1);
        if (changed !== valid) expect(hasValidNhsCheckDigit(changed)).toBe(false);
      }
      if (i < 9 && valid[i] !== valid[i + 1]) {
        const swapped = valid.slice(0, i) + (valid[i + 1] ?? '') + (valid[i] ?? '') + valid.slice(i + 2);
        expect(hasValidNhsCheckDigit(swapped)).toBe(false);
      }
    }
  });
});

describe('NHS number normalisation and display', () => {
  it('accepts the common written forms', () => {
    for (const written of [
      '9434765919',
      '943 476 5919',
      '943-476-5919',
      ' 943 476 5919 ',
      '943\t476\t5919',
    ]) {
      expect(normaliseNhsNumber(written)).toBe('9434765919');
    }
    expect(normaliseNhsNumber(9434765919)).toBe('9434765919');
  });

  it('rejects anything that is not ten digits with a valid check digit', () => {
    for (const bad of ['', '943476591', '94347659190', '943.476.5919', 'NHS9434765919', '9434765918']) {
      expect(normaliseNhsNumber(bad)).toBeUndefined();
    }
  });

  it('standardises without judging validity, returning "" on foreign characters', () => {
    expect(standardiseNhsNumber('12-34')).toBe('1234');
    expect(standardiseNhsNumber('943/476/5919')).toBe('');
    expect(standardiseNhsNumber(12)).toBe('0000000012');
    expect(standardiseNhsNumber(1.5)).toBe('');
  });

  it('formats as 3-3-4 for display', () => {
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
    expect(formatNhsNumber('943-476-5919')).toBe('943 476 5919');
    expect(formatNhsNumber('9434765918')).toBeUndefined();
  });
});

describe('NHS number regions', () => {
  it('places numbers in their issuing ranges', () => {
    expect(nhsNumberRegion('9434765919')).toBe('SYNTHETIC');
    expect(nhsNumberRegion('4000000632')).toBe('ENGLAND_WALES_IOM');
    expect(nhsNumberRegion('6000000006')).toBe('ENGLAND_WALES_IOM');
    expect(nhsNumberRegion('5000000000')).toBe('RESERVED');
    expect(nhsNumberRegion('0000000000')).toBeUndefined();
  });

  it('applies region, CHI date and CHI sex rules only when they apply', () => {
    expect(isValidNhsNumber('4000000632', { region: 'ENGLAND_WALES_IOM' })).toBe(true);
    expect(isValidNhsNumber('9434765919', { region: 'ENGLAND_WALES_IOM' })).toBe(false);
    // A CHI number must start with a real DDMMYY: 31/02 never exists.
    const chi = (first9: string) => `${first9}${nhsNumberChecksum(first9)}`;
    const feb31 = '310201112';
    expect(nhsNumberChecksum(feb31)).toBeLessThan(10);
    expect(isValidNhsNumber(chi(feb31))).toBe(false);
    expect(isValidNhsNumber('0101011113', { sex: 'M' })).toBe(true);
    expect(isValidNhsNumber('0101011113', { sex: 'F' })).toBe(false);
    expect(isValidNhsNumber('4000000632', { sex: 'female' })).toBe(true);
    expect(() => isValidNhsNumber('4000000632', { sex: 'woman' })).toThrow(/unrecognised sex/);
  });
});
