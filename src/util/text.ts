/**
 * Making untrusted text (AWS account names, error messages, resource names) safe to show:
 * on a terminal it must not move the cursor, recolour or rewrite lines; in a report it must not
 * hide or reorder characters.
 */

// Escape sequences, removed whole so their parameters do not show up as text:
// CSI (ESC [ params intermediates final), OSC (ESC ] … BEL or ESC \), DCS/SOS/PM/APC
// (ESC P|X|^|_ … ESC \), any other ESC intermediates final, and the 8-bit CSI (U+009B).
// Each alternative matches as soon as its first characters do (its tail is optional), so
// matching never backtracks far.
const ESCAPE_SEQUENCE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /\u001b(?:\[[0-?]*[ -/]*[@-~]?|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[PX^_][^\u001b]*(?:\u001b\\)?|[ -/]*[0-~]?)|\u009b[0-?]*[ -/]*[@-~]?/g;
const LINE_BREAKS_AND_TABS = /[\t\n\v\f\r]+/g;
// C0, DEL and C1.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

// Bidirectional embeddings, overrides and isolates, zero-width characters and marks, the byte
// order mark and the Arabic letter mark: they reorder or hide what a reader sees.
const INVISIBLE_CHARACTER = /[\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff\u061c]/;
const INVISIBLE_CHARACTERS = new RegExp(INVISIBLE_CHARACTER.source, 'g');

/** The warning shown next to a name that holds any of those characters. */
export const INVISIBLE_CHARACTERS_WARNING = 'contains invisible or bidirectional control characters';

export function hasInvisibleCharacters(text: string): boolean {
  return INVISIBLE_CHARACTER.test(text);
}

/** Replaces each invisible or bidirectional control character with a visible ⟨U+XXXX⟩ marker. */
export function revealInvisible(text: string): string {
  return text.replace(
    INVISIBLE_CHARACTERS,
    (character) => `⟨U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}⟩`,
  );
}

/** revealInvisible on every string and key; returns `value` itself when nothing in it changes. */
function revealInvisibleIn(value: unknown): unknown {
  if (typeof value === 'string') return hasInvisibleCharacters(value) ? revealInvisible(value) : value;
  if (Array.isArray(value)) {
    const items = value.map(revealInvisibleIn);
    return items.some((item, index) => item !== value[index]) ? items : value;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    const revealed = entries.map(([key, item]) => [revealInvisibleIn(key), revealInvisibleIn(item)] as const);
    return revealed.some(([key, item], index) => key !== entries[index]?.[0] || item !== entries[index]?.[1])
      ? Object.fromEntries(revealed)
      : value;
  }
  return value;
}

/**
 * Plain JSON-like data (objects, arrays, strings, numbers…) with revealInvisible applied to every string and key;
 * copied only where something changes.
 */
export function revealInvisibleEverywhere<T>(value: T): T {
  return revealInvisibleIn(value) as T;
}

/**
 * Text that cannot forge or rewrite terminal output: escape sequences are dropped, line breaks
 * and tabs become one space, every other control character (C0, DEL, C1) is dropped, and
 * invisible or bidirectional control characters are made visible.
 */
export function terminalSafe(text: string): string {
  return revealInvisible(
    text.replace(ESCAPE_SEQUENCE, '').replace(LINE_BREAKS_AND_TABS, ' ').replace(CONTROL_CHARACTERS, ''),
  );
}
