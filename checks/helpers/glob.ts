/**
 * IAM-style wildcard patterns: `*` matches any run of characters (also none), `?` exactly one.
 * Besides matching one string, a pattern can be asked about a whole set of strings — "every
 * string that starts with this prefix" — which is how a policy's Resource is compared with "any
 * object in the bucket".
 */

import { globMatches as matchGlob } from '../../src/util/glob';

export type Tri = 'yes' | 'maybe' | 'no';

export function hasWildcard(value: string): boolean {
  return value.includes('*') || value.includes('?');
}

/** An IAM policy variable such as ${aws:username}: its value is only known per request. */
export function hasPolicyVariable(value: string): boolean {
  return value.includes('${');
}

/** Pattern positions reachable after a `*` may have matched nothing. */
function closure(pattern: readonly string[], positions: Set<number>): Set<number> {
  const result = new Set<number>();
  for (let p of positions) {
    result.add(p);
    while (pattern[p] === '*') result.add(++p);
  }
  return result;
}

/** The pattern positions reachable after consuming `text` literally. */
function positionsAfter(pattern: readonly string[], text: string, ignoreCase: boolean): Set<number> {
  const pat = ignoreCase ? pattern.map((c) => c.toLowerCase()) : pattern;
  const str = ignoreCase ? text.toLowerCase() : text;
  let positions = closure(pat, new Set([0]));
  for (const char of str) {
    const next = new Set<number>();
    for (const p of positions) {
      const token = pat[p];
      if (token === '*') next.add(p);
      else if (token === '?' || token === char) next.add(p + 1);
    }
    positions = closure(pat, next);
    if (positions.size === 0) break;
  }
  return positions;
}

export function globMatches(pattern: string, value: string, ignoreCase = false): boolean {
  return matchGlob(pattern, value, { ignoreCase });
}

/**
 * Does the pattern match every string that starts with `prefix` ('yes'), some of them ('maybe'),
 * or none ('no')?
 */
export function globCoversPrefix(pattern: string, prefix: string, ignoreCase = false): Tri {
  // Code points, not UTF-16 units: `?` matches one character, as the text is walked.
  const characters = [...pattern];
  const positions = positionsAfter(characters, prefix, ignoreCase);
  if (positions.size === 0) return 'no';
  for (const p of positions) {
    const rest = characters.slice(p);
    if (rest.length > 0 && rest.every((c) => c === '*')) return 'yes';
  }
  return 'maybe';
}
