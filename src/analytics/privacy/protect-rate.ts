/**
 * A published rate (numerator ÷ denominator). The rate is computed from the true figures, not from the
 * rounded ones, because rounding both would distort small rates badly (8/13 would become 10/15). It is
 * suppressed when the numerator or the denominator is at or below the threshold (7) — zero included,
 * unlike a published count of 0: a rate over so few people is unreliable, and a rate whose numerator or
 * denominator is hidden could otherwise be multiplied back into it.
 *
 * The rate is itself rounded (to `decimals` places of the `per` scale) so that, next to the rounded
 * denominator, it does not give the numerator back exactly. That limits rather than removes the risk:
 * publish rates at the coarsest precision the readers need.
 */
import { assertCount, protectCount, resolveDisclosureOptions } from './count-protection.js';
import type { DisclosureOptions, ProtectedCell } from './count-protection.js';
import { privacyErrors } from './privacy-errors.js';

export interface RateOptions extends DisclosureOptions {
  /** The scale of the rate: 100 (a percentage, the default), 1,000, 100,000, …. */
  per?: number;
  /** Decimal places kept; 1 by default. */
  decimals?: number;
}

export interface ProtectedRate {
  /** The rate per `per`, or null when suppressed. */
  value: number | null;
  flag: 'rate' | 'suppressed';
  per: number;
  /** The numerator and denominator as they may be published beside the rate. */
  numerator: ProtectedCell;
  denominator: ProtectedCell;
}

export function protectRate(
  numerator: number,
  denominator: number,
  options: RateOptions = {},
): ProtectedRate {
  const { threshold } = resolveDisclosureOptions(options);
  assertCount(numerator, 'The numerator');
  assertCount(denominator, 'The denominator');
  const per = options.per ?? 100;
  const decimals = options.decimals ?? 1;
  if (typeof per !== 'number' || !Number.isFinite(per) || per <= 0) {
    throw privacyErrors.invalid('per must be a positive number.');
  }
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 6) {
    throw privacyErrors.invalid('decimals must be a whole number from 0 to 6.');
  }
  const published = {
    numerator: protectCount(numerator, options),
    denominator: protectCount(denominator, options),
  };
  // `<= threshold`, not 1..threshold: a zero numerator or denominator suppresses the rate as well
  // (and a zero denominator would have no rate at all).
  if (numerator <= threshold || denominator <= threshold) {
    return { value: null, flag: 'suppressed', per, ...published };
  }
  const scale = 10 ** decimals;
  const value = Math.round((numerator / denominator) * per * scale) / scale;
  return { value, flag: 'rate', per, ...published };
}
