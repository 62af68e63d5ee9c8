import type { Agreement } from './agreement.js';
import { MISSING, agreement, better } from './agreement.js';
import { CLOSE_SIMILARITY, PARTIAL_SIMILARITY, score2, withoutSpaces } from './compare-text.js';
import { jaroWinkler } from './jaro-winkler.js';
import { areNicknameVariants } from './nicknames.js';
import { nysiis, nysiisInitial } from './nysiis.js';

/** One name against another: equal, typo-close, sound-alike, or different. */
function compareOneName(a: string, b: string): Agreement {
  if (a === b) return agreement('exact', 'equal');
  if (withoutSpaces(a) === withoutSpaces(b)) return agreement('exact', 'equal but for spaces');
  const jw = jaroWinkler(a, b);
  if (jw >= CLOSE_SIMILARITY) return agreement('close', `jaro-winkler ${score2(jw)}`);
  const soundsAlike = nysiisInitial(a) === nysiisInitial(b) && nysiis(a) === nysiis(b);
  if (soundsAlike) return agreement('partial', 'sounds alike (NYSIIS)');
  if (jw >= PARTIAL_SIMILARITY) return agreement('partial', `jaro-winkler ${score2(jw)}`);
  return agreement('disagree', `jaro-winkler ${score2(jw)}`);
}

/**
 * Given names: the first (called-by) names decide; a known nickname counts as close (Bill/William);
 * a first name matching the other side's middle name, or an initial matching a name, only as partial.
 */
export function compareGivenNames(a: readonly string[], b: readonly string[]): Agreement {
  const [firstA, firstB] = [a[0], b[0]];
  if (firstA === undefined || firstB === undefined) return MISSING;
  let best = compareOneName(firstA, firstB);
  if (best.level === 'exact') return best;
  // "mary jane" in one record and "maryjane" in another: compare the whole given name too.
  if (a.length > 1 || b.length > 1) {
    const whole = compareOneName(a.join(' '), b.join(' '));
    best = better(best, whole.level === 'exact' ? agreement('exact', 'equal as a whole') : whole);
    if (best.level === 'exact') return best;
  }
  if (areNicknameVariants(firstA, firstB)) return agreement('close', `nickname (${firstA}/${firstB})`);
  if (best.level === 'close') return best;
  if (a.slice(1).includes(firstB) || b.slice(1).includes(firstA)) {
    return agreement('partial', 'first name is the other’s middle name');
  }
  if ((firstA.length === 1 || firstB.length === 1) && firstA.charAt(0) === firstB.charAt(0)) {
    return agreement('partial', 'initial agrees');
  }
  return best;
}

/**
 * Family names, current name first then earlier ones (maiden names). The current names decide unless an
 * earlier name matches exactly; one part of a double-barrelled name ("smith jones" / "jones") counts as
 * close, since people drop a part far more often than two strangers share one.
 */
export function compareFamilyNames(a: readonly string[], b: readonly string[]): Agreement {
  const [currentA, currentB] = [a[0], b[0]];
  if (currentA === undefined || currentB === undefined) return MISSING;
  const best = compareOneName(currentA, currentB);
  if (best.level === 'exact' || best.level === 'close') return best;
  if (a.some((x) => b.includes(x))) return agreement('close', 'an earlier family name agrees');
  const partsA = currentA.split(' ');
  const partsB = currentB.split(' ');
  if ((partsA.length > 1 || partsB.length > 1) && partsA.some((p) => p.length > 1 && partsB.includes(p))) {
    return agreement('close', 'one part of a double-barrelled name agrees');
  }
  return best;
}

/**
 * Given and family names entered the wrong way round (common when a form or an interface puts the family
 * name first): a close agreement when each name agrees with the other side's opposite name, typos
 * allowed, else undefined. compareRecords asks only when the straight comparison is weak on both.
 */
export function swappedNames(
  givenA: readonly string[],
  familyA: readonly string[],
  givenB: readonly string[],
  familyB: readonly string[],
): Agreement | undefined {
  const [g1, f1, g2, f2] = [givenA[0], familyA[0], givenB[0], familyB[0]];
  if (g1 === undefined || f1 === undefined || g2 === undefined || f2 === undefined) return undefined;
  const crossed = [compareOneName(g1, f2), compareOneName(f1, g2)];
  if (!crossed.every((c) => c.level === 'exact' || c.level === 'close')) return undefined;
  return agreement('close', 'given and family names swapped');
}
