/**
 * Glob matching with `*` (any run of characters, also none) and `?` (exactly one character);
 * every other character stands for itself. No regular expression is built, so no pattern can
 * make matching backtrack catastrophically: the greedy two-pointer match below takes at most
 * (pattern length + 1) × (text length + 1) steps, and usually about text length.
 *
 * Pure and dependency-free, so that checks may use it as a helper.
 */

export interface GlobOptions {
  /** Compare letters case-insensitively (IAM action names, for example). */
  ignoreCase?: boolean;
}

export type GlobMatcher = (text: string) => boolean;

/** Splits into characters (code points), so that `?` matches one character, even an emoji. */
function characters(text: string, options: GlobOptions): string[] {
  return Array.from(options.ignoreCase ? text.toLowerCase() : text);
}

interface MatchOutcome {
  matched: boolean;
  steps: number;
}

function matchCharacters(pattern: readonly string[], text: readonly string[]): MatchOutcome {
  let p = 0;
  let t = 0;
  // The last `*` seen, and the text position it has been stretched to so far.
  let lastStar = -1;
  let starEnd = 0;
  let steps = 0;
  while (t < text.length) {
    steps += 1;
    const token = pattern[p];
    if (token === '*') {
      lastStar = p;
      starEnd = t;
      p += 1;
    } else if (token !== undefined && (token === '?' || token === text[t])) {
      p += 1;
      t += 1;
    } else if (lastStar >= 0) {
      // Mismatch: let the last star swallow one more character and retry from just after it.
      // Earlier stars never need revisiting: the last one can absorb anything they could.
      starEnd += 1;
      t = starEnd;
      p = lastStar + 1;
    } else {
      return { matched: false, steps };
    }
  }
  while (pattern[p] === '*') {
    steps += 1;
    p += 1;
  }
  return { matched: p === pattern.length, steps };
}

/** A matcher for one glob, to test many strings against it. */
export function compileGlob(pattern: string, options: GlobOptions = {}): GlobMatcher {
  if (!pattern.includes('*') && !pattern.includes('?')) {
    const literal = options.ignoreCase ? pattern.toLowerCase() : pattern;
    return (text) => (options.ignoreCase ? text.toLowerCase() : text) === literal;
  }
  const tokens = characters(pattern, options);
  return (text) => matchCharacters(tokens, characters(text, options)).matched;
}

/** Does the whole of `text` match the glob `pattern`? */
export function globMatches(pattern: string, text: string, options: GlobOptions = {}): boolean {
  return compileGlob(pattern, options)(text);
}

/** How many steps matching takes: lets tests pin the linear bound without timing anything. */
export function globMatchSteps(pattern: string, text: string, options: GlobOptions = {}): number {
  return matchCharacters(characters(pattern, options), characters(text, options)).steps;
}
