import { describe, expect, it } from 'vitest';
import { protectCount, protectRate, roundToBase } from './index.js';

describe('protectCount', () => {
  it('shows 0 as 0 (the NHS England convention)', () => {
    expect(protectCount(0)).toEqual({ value: 0, flag: 'zero' });
  });

  it.each([1, 2, 3, 4, 5, 6, 7])('suppresses %i', (n) => {
    expect(protectCount(n)).toEqual({ value: null, flag: 'suppressed-primary' });
  });

  it.each([
    [8, 10],
    [12, 10],
    [13, 15],
    [15, 15],
    [17, 15],
    [18, 20],
    [1234, 1235],
    [1232, 1230],
  ])('rounds %i to %i', (n, published) => {
    expect(protectCount(n)).toEqual({ value: published, flag: 'rounded' });
  });

  it('takes the threshold and the rounding base as options', () => {
    expect(protectCount(9, { threshold: 10 })).toEqual({ value: null, flag: 'suppressed-primary' });
    expect(protectCount(11, { threshold: 10 })).toEqual({ value: 10, flag: 'rounded' });
    expect(protectCount(15, { roundingBase: 10 })).toEqual({ value: 20, flag: 'rounded' });
    // Threshold 0 turns suppression off; a 1 then rounds to 0, still flagged as rounded, not as a true zero.
    expect(protectCount(1, { threshold: 0 })).toEqual({ value: 0, flag: 'rounded' });
    expect(protectCount(8, { roundingBase: 1 })).toEqual({ value: 8, flag: 'rounded' });
  });

  it('accepts only whole, non-negative counts', () => {
    expect(() => protectCount(-1)).toThrow(/whole number/);
    expect(() => protectCount(7.5)).toThrow(/whole number/);
    expect(() => protectCount(Number.NaN)).toThrow(/whole number/);
    expect(() => protectCount(3, { threshold: 1.5 })).toThrow(/threshold/);
  });
});

describe('roundToBase (half up)', () => {
  it.each([
    [0, 0],
    [2.4999, 0],
    [2.5, 5],
    [7.4999, 5],
    [7.5, 10],
    [12.5, 15],
    [17.5, 20],
    [22.5, 25],
  ])('rounds %d to %d at base 5', (value, rounded) => {
    expect(roundToBase(value, 5)).toBe(rounded);
  });

  it('goes up at the exact midpoint of an even base', () => {
    expect(roundToBase(14, 10)).toBe(10);
    expect(roundToBase(15, 10)).toBe(20);
    expect(roundToBase(25, 10)).toBe(30); // half-to-even would give 20
    expect(roundToBase(35, 10)).toBe(40);
  });

  it('defaults to base 5 and refuses a bad base', () => {
    expect(roundToBase(13)).toBe(15);
    expect(() => roundToBase(13, 0)).toThrow(/rounding base/);
    expect(() => roundToBase(Number.POSITIVE_INFINITY)).toThrow(/finite/);
  });
});

describe('protectRate', () => {
  it('computes the rate from the true figures, not the rounded ones', () => {
    // 8/13 = 61.5%; from the published 10/15 it would be 66.7%.
    const r = protectRate(8, 13);
    expect(r).toEqual({
      value: 61.5,
      flag: 'rate',
      per: 100,
      numerator: { value: 10, flag: 'rounded' },
      denominator: { value: 15, flag: 'rounded' },
    });
  });

  it('suppresses when the numerator or the denominator is 7 or less, zero included', () => {
    expect(protectRate(7, 1000)).toMatchObject({ value: null, flag: 'suppressed' });
    expect(protectRate(0, 1000)).toMatchObject({ value: null, flag: 'suppressed' });
    expect(protectRate(8, 7)).toMatchObject({ value: null, flag: 'suppressed' });
    expect(protectRate(0, 0)).toMatchObject({ value: null, flag: 'suppressed' });
    expect(protectRate(8, 8)).toMatchObject({ value: 100, flag: 'rate' });
  });

  it('publishes the numerator and denominator under the count rules beside the rate', () => {
    const r = protectRate(3, 40);
    expect(r.numerator).toEqual({ value: null, flag: 'suppressed-primary' });
    expect(r.denominator).toEqual({ value: 40, flag: 'rounded' });
    expect(protectRate(0, 40).numerator).toEqual({ value: 0, flag: 'zero' });
  });

  it('scales and rounds the rate as asked', () => {
    expect(protectRate(123, 456789, { per: 100_000, decimals: 1 }).value).toBe(26.9);
    expect(protectRate(2, 3, { per: 1, decimals: 3, threshold: 1 }).value).toBe(0.667);
    expect(protectRate(9, 10, { threshold: 9 }).value).toBeNull();
    expect(() => protectRate(10, 20, { per: 0 })).toThrow(/per/);
    expect(() => protectRate(10, 20, { decimals: 1.5 })).toThrow(/decimals/);
    expect(() => protectRate(10.5, 20)).toThrow(/numerator/);
  });
});
