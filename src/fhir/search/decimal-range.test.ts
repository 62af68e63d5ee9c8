import { expect, it } from 'vitest';
import { decimalRange } from './decimal-range.js';

it('gives a decimal the implicit range of its precision (half a unit of the last digit)', () => {
  expect(decimalRange(100)).toEqual({ value: '100', low: '99.5', high: '100.5' });
  expect(decimalRange(1.5)).toEqual({ value: '1.5', low: '1.45', high: '1.55' });
  expect(decimalRange(0)).toEqual({ value: '0', low: '-0.5', high: '0.5' });
  expect(decimalRange(-2.25)).toEqual({ value: '-2.25', low: '-2.255', high: '-2.245' });
  expect(decimalRange(0.8)).toEqual({ value: '0.8', low: '0.75', high: '0.85' });
});

it('keeps the precision a string is written with', () => {
  expect(decimalRange('1.50')).toEqual({ value: '1.50', low: '1.495', high: '1.505' });
  expect(decimalRange('1e2')).toEqual({ value: '100', low: '50', high: '150' });
});

it('writes exponents out and stays exact where binary floats would not', () => {
  expect(decimalRange(1e-7)).toEqual({ value: '0.0000001', low: '0.00000005', high: '0.00000015' });
  expect(decimalRange(1e21)).toEqual({
    value: '1000000000000000000000',
    low: '500000000000000000000',
    high: '1500000000000000000000',
  });
  expect(decimalRange(0.1)?.high).toBe('0.15');
});

it('rejects what is not a number', () => {
  expect(decimalRange(Number.NaN)).toBeUndefined();
  expect(decimalRange(Infinity)).toBeUndefined();
  expect(decimalRange('1,5')).toBeUndefined();
});
