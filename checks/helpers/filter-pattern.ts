/**
 * CloudWatch Logs JSON filter patterns (`{ ($.eventName = "DeleteTrail") || ($.eventName = StopLogging) }`):
 * a parser into a small AST, and a semantic comparison of two patterns — does a metric filter
 * catch at least every event a benchmark pattern catches, whatever its spacing, quoting or
 * clause order?
 *
 * Grammar (the part of CloudWatch's syntax JSON metric filters use):
 *   pattern    := '{' expression '}'  |  ''  (the empty pattern matches every event)
 *   expression := operand (('&&' | '||') operand)*     — `&&` binds tighter than `||`
 *   operand    := '(' expression ')' | condition
 *   condition  := selector ('=' | '!=' | '<' | '<=' | '>' | '>=') value
 *               | selector 'NOT EXISTS' | selector 'IS NULL' | selector 'IS TRUE' | selector 'IS FALSE'
 *   selector   := '$' ('.' name | '[' digits ']' | '[*]')*
 *   value      := "quoted, with \" and \\ escapes" | unquoted-token       — `*` in a value is a wildcard
 */

export type Comparison = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type Test = 'NOT EXISTS' | 'IS NULL' | 'IS TRUE' | 'IS FALSE';

export type Condition =
  | { kind: 'compare'; selector: string; operator: Comparison; value: string; position: number }
  | { kind: 'test'; selector: string; test: Test; position: number };

export type FilterNode =
  | Condition
  | { kind: 'and'; operands: FilterNode[] }
  | { kind: 'or'; operands: FilterNode[] }
  /** The empty pattern. */
  | { kind: 'all' };

export interface PatternError {
  message: string;
  /** 0-based offset into the pattern text. */
  position: number;
}

export type ParsedPattern = { ok: true; ast: FilterNode } | { ok: false; error: PatternError };

// ---------------------------------------------------------------------------------------------
// Tokens

type Token =
  | { type: 'brace' | 'paren'; text: '{' | '}' | '(' | ')'; position: number }
  | { type: 'logic'; text: '&&' | '||'; position: number }
  | { type: 'operator'; text: Comparison; position: number }
  | { type: 'selector'; text: string; position: number }
  | { type: 'word'; text: string; quoted: boolean; position: number }
  | { type: 'end'; position: number };

class PatternSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

const UNQUOTED_STOP = /[\s(){}&|"=!<>]/;
const SELECTOR_NAME = /[A-Za-z0-9_@:-]/;

function readSelector(text: string, start: number): { selector: string; end: number } {
  let i = start + 1;
  let selector = '$';
  while (i < text.length) {
    if (text[i] === '.') {
      let j = i + 1;
      while (j < text.length && SELECTOR_NAME.test(text[j] ?? '')) j++;
      if (j === i + 1) throw new PatternSyntaxError('expected a field name after "."', i + 1);
      selector += text.slice(i, j);
      i = j;
    } else if (text[i] === '[') {
      const match = /^\[(\d+|\*)\]/.exec(text.slice(i));
      if (!match) throw new PatternSyntaxError('expected an array index such as [0] or [*]', i);
      selector += match[0];
      i += match[0].length;
    } else break;
  }
  if (selector === '$') throw new PatternSyntaxError('expected a field selector such as $.eventName', start);
  return { selector, end: i };
}

function readQuoted(text: string, start: number): { value: string; end: number } {
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i];
    if (char === '"') return { value, end: i + 1 };
    if (char === '\\') {
      const next = text[i + 1];
      if (next === undefined) break;
      // `\*` keeps a literal asterisk apart from the wildcard.
      value += next === '*' ? '\\*' : next;
      i++;
    } else value += char;
  }
  throw new PatternSyntaxError('unterminated quoted value', start);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i] ?? '';
    const two = text.slice(i, i + 2);
    if (/\s/.test(char)) {
      i++;
    } else if (char === '{' || char === '}') {
      tokens.push({ type: 'brace', text: char, position: i++ });
    } else if (char === '(' || char === ')') {
      tokens.push({ type: 'paren', text: char, position: i++ });
    } else if (two === '&&' || two === '||') {
      tokens.push({ type: 'logic', text: two, position: i });
      i += 2;
    } else if (two === '!=' || two === '<=' || two === '>=') {
      tokens.push({ type: 'operator', text: two, position: i });
      i += 2;
    } else if (char === '=' || char === '<' || char === '>') {
      tokens.push({ type: 'operator', text: char, position: i++ });
    } else if (char === '$') {
      const { selector, end } = readSelector(text, i);
      tokens.push({ type: 'selector', text: selector, position: i });
      i = end;
    } else if (char === '"') {
      const { value, end } = readQuoted(text, i);
      tokens.push({ type: 'word', text: value, quoted: true, position: i });
      i = end;
    } else if (UNQUOTED_STOP.test(char)) {
      throw new PatternSyntaxError(`unexpected "${char}"`, i);
    } else {
      let j = i;
      while (j < text.length && !UNQUOTED_STOP.test(text[j] ?? '')) j++;
      tokens.push({ type: 'word', text: text.slice(i, j), quoted: false, position: i });
      i = j;
    }
  }
  tokens.push({ type: 'end', position: text.length });
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Parser

function describeToken(token: Token): string {
  return token.type === 'end' ? 'the end of the pattern' : `"${token.text}"`;
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.index] ?? { type: 'end', position: 0 };
  }

  private next(): Token {
    const token = this.peek();
    if (token.type !== 'end') this.index++;
    return token;
  }

  private atLogic(operator: '&&' | '||'): boolean {
    const token = this.peek();
    return token.type === 'logic' && token.text === operator;
  }

  private fail(expected: string, token: Token = this.peek()): never {
    throw new PatternSyntaxError(`expected ${expected}, found ${describeToken(token)}`, token.position);
  }

  pattern(): FilterNode {
    const open = this.next();
    if (open.type !== 'brace' || open.text !== '{')
      this.fail('"{" (only JSON filter patterns, { $.field = value }, are understood)', open);
    const ast = this.expression();
    const close = this.next();
    if (close.type !== 'brace' || close.text !== '}') this.fail('"&&", "||" or "}"', close);
    const rest = this.peek();
    if (rest.type !== 'end') this.fail('the end of the pattern after "}"', rest);
    return ast;
  }

  /** `a || b && c` is `a || (b && c)`. */
  private expression(): FilterNode {
    const operands = [this.conjunction()];
    while (this.atLogic('||')) {
      this.next();
      operands.push(this.conjunction());
    }
    return operands.length === 1 && operands[0] ? operands[0] : { kind: 'or', operands };
  }

  private conjunction(): FilterNode {
    const operands = [this.operand()];
    while (this.atLogic('&&')) {
      this.next();
      operands.push(this.operand());
    }
    return operands.length === 1 && operands[0] ? operands[0] : { kind: 'and', operands };
  }

  private operand(): FilterNode {
    const token = this.peek();
    if (token.type === 'paren' && token.text === '(') {
      this.next();
      const inner = this.expression();
      const close = this.next();
      if (close.type !== 'paren' || close.text !== ')') this.fail('"&&", "||" or ")"', close);
      return inner;
    }
    if (token.type === 'selector') return this.condition();
    return this.fail('a condition such as $.eventName = value, or "("', token);
  }

  private condition(): Condition {
    const selector = this.next();
    if (selector.type !== 'selector') return this.fail('a field selector', selector);
    const operator = this.next();
    if (operator.type === 'operator') {
      const value = this.next();
      if (value.type !== 'word') return this.fail(`a value after "${operator.text}"`, value);
      return {
        kind: 'compare',
        selector: selector.text,
        operator: operator.text,
        value: value.text,
        position: selector.position,
      };
    }
    if (operator.type === 'word' && !operator.quoted) {
      const second = this.next();
      const words = `${operator.text} ${second.type === 'word' ? second.text : ''}`.toUpperCase();
      const tests: Test[] = ['NOT EXISTS', 'IS NULL', 'IS TRUE', 'IS FALSE'];
      const test = tests.find((t) => t === words);
      if (test) return { kind: 'test', selector: selector.text, test, position: selector.position };
    }
    return this.fail('"=", "!=", "<", "<=", ">", ">=", "NOT EXISTS" or "IS NULL"', operator);
  }
}

/** The pattern as an AST, or where and why it does not parse. */
export function parseFilterPattern(text: string): ParsedPattern {
  if (text.trim() === '') return { ok: true, ast: { kind: 'all' } };
  try {
    return { ok: true, ast: new Parser(tokenize(text)).pattern() };
  } catch (error) {
    if (error instanceof PatternSyntaxError)
      return { ok: false, error: { message: error.message, position: error.position } };
    throw error;
  }
}

/** `expected "}", found "&&" at position 12`. */
export function describePatternError(error: PatternError): string {
  return `${error.message} at position ${error.position}`;
}

// ---------------------------------------------------------------------------------------------
// Values with wildcards

type Glob = readonly (string | typeof STAR)[];
const STAR = Symbol('*');

/** A value as characters and wildcards (`\*` is a literal asterisk). */
function globOf(value: string): Glob {
  const items: (string | typeof STAR)[] = [];
  for (let i = 0; i < value.length; i++) {
    const char = value[i] ?? '';
    if (char === '\\' && value[i + 1] === '*') {
      items.push('*');
      i++;
    } else items.push(char === '*' ? STAR : char);
  }
  return items;
}

const isLiteral = (glob: Glob): boolean => !glob.includes(STAR);

/**
 * Every string `inner` matches is matched by `outer`: `outer` matches `inner` read as a word in
 * which each wildcard of `inner` can be consumed only by a wildcard of `outer`.
 */
function globContains(outer: Glob, inner: Glob): boolean {
  let positions = new Set<number>([0]);
  const close = (from: Set<number>): Set<number> => {
    const closed = new Set<number>();
    for (let p of from) {
      closed.add(p);
      while (outer[p] === STAR) closed.add(++p);
    }
    return closed;
  };
  positions = close(positions);
  for (const item of inner) {
    const next = new Set<number>();
    for (const p of positions) {
      const token = outer[p];
      if (token === STAR) next.add(p);
      else if (token !== undefined && item !== STAR && token === item) next.add(p + 1);
    }
    positions = close(next);
    if (positions.size === 0) return false;
  }
  return positions.has(outer.length);
}

function literalPrefix(glob: Glob): string {
  const index = glob.indexOf(STAR);
  return (index === -1 ? glob : glob.slice(0, index)).join('');
}

function literalSuffix(glob: Glob): string {
  const index = glob.lastIndexOf(STAR);
  return (index === -1 ? glob : glob.slice(index + 1)).join('');
}

/** No string matches both: one is a literal the other does not match, or their fixed ends clash. */
function globsDisjoint(a: Glob, b: Glob): boolean {
  if (isLiteral(a)) return !globContains(b, a);
  if (isLiteral(b)) return !globContains(a, b);
  const [pa, pb] = [literalPrefix(a), literalPrefix(b)];
  const [sa, sb] = [literalSuffix(a), literalSuffix(b)];
  return !(pa.startsWith(pb) || pb.startsWith(pa)) || !(sa.endsWith(sb) || sb.endsWith(sa));
}

// ---------------------------------------------------------------------------------------------
// Disjunctive normal form and implication

/** A conjunction of conditions; a pattern in DNF is a list of them (an empty list matches nothing). */
export type Conjunction = readonly Condition[];

/** Beyond this many conjunctions a pattern is not compared (CIS patterns have at most 18). */
export const MAX_CONJUNCTIONS = 4096;

export function conditionKey(condition: Condition): string {
  return condition.kind === 'compare'
    ? `${condition.selector} ${condition.operator} ${JSON.stringify(condition.value)}`
    : `${condition.selector} ${condition.test}`;
}

/** `$.eventName = "DeleteTrail"`, `$.userIdentity.invokedBy NOT EXISTS`. */
export function conditionText(condition: Condition): string {
  return conditionKey(condition);
}

function dedupe(conditions: Condition[]): Condition[] {
  const seen = new Map<string, Condition>();
  for (const condition of conditions)
    if (!seen.has(conditionKey(condition))) seen.set(conditionKey(condition), condition);
  return [...seen.values()];
}

/** The pattern as a disjunction of conjunctions; throws RangeError past MAX_CONJUNCTIONS. */
export function toDnf(node: FilterNode): Conjunction[] {
  switch (node.kind) {
    case 'compare':
    case 'test':
      return [[node]];
    case 'all':
      return [[]];
    case 'or':
      return node.operands.flatMap(toDnf).slice(0, MAX_CONJUNCTIONS + 1);
    case 'and': {
      let product: Condition[][] = [[]];
      for (const operand of node.operands) {
        const terms = toDnf(operand);
        const next: Condition[][] = [];
        for (const left of product) for (const right of terms) next.push(dedupe([...left, ...right]));
        if (next.length > MAX_CONJUNCTIONS) throw new RangeError(`more than ${MAX_CONJUNCTIONS} alternatives`);
        product = next;
      }
      return product;
    }
  }
}

/** Every event matching `given` also matches `wanted` (one condition each). */
export function conditionImplies(given: Condition, wanted: Condition): boolean {
  if (conditionKey(given) === conditionKey(wanted)) return true;
  if (given.selector !== wanted.selector || given.kind !== 'compare' || wanted.kind !== 'compare') return false;
  const [g, w] = [globOf(given.value), globOf(wanted.value)];
  if (given.operator === '=' && wanted.operator === '=') return globContains(w, g);
  if (given.operator === '=' && wanted.operator === '!=') return globsDisjoint(g, w);
  if (given.operator === '!=' && wanted.operator === '!=') return globContains(g, w);
  return false;
}

/** The conjunction can match no event: a field equal to two disjoint values, or equal and not equal to one. */
function contradictory(conjunction: Conjunction): boolean {
  return conjunction.some((a) =>
    conjunction.some(
      (b) =>
        a !== b &&
        a.kind === 'compare' &&
        b.kind === 'compare' &&
        a.selector === b.selector &&
        a.operator === '=' &&
        ((b.operator === '=' && globsDisjoint(globOf(a.value), globOf(b.value))) ||
          (b.operator === '!=' && globContains(globOf(b.value), globOf(a.value)))),
    ),
  );
}

/** One benchmark alternative the filter does not catch, and the closest filter alternative's extra conditions. */
export interface MissedAlternative {
  conjunction: Conjunction;
  /** Its conditions that set it apart from the benchmark's other alternatives (e.g. the event name). */
  distinctive: Conjunction;
  /** Conditions of the closest filter alternative that this benchmark alternative does not guarantee. */
  unmet: Conjunction;
}

export interface Coverage {
  covered: boolean;
  /** How many (satisfiable) alternatives the benchmark has. */
  alternatives: number;
  missed: MissedAlternative[];
}

export interface CoverageOptions {
  /** Conditions a filter may add without counting as narrower (exclusions some benchmark version makes). */
  tolerated?: readonly Condition[];
}

/**
 * Whether `filter` matches at least every event `benchmark` matches: each benchmark alternative
 * (a conjunction of its DNF) must imply some filter alternative, condition by condition. Sound but
 * not complete: a filter that covers only through a combination of alternatives is not recognised.
 */
export function covers(filter: FilterNode, benchmark: FilterNode, options: CoverageOptions = {}): Coverage {
  const filterDnf = toDnf(filter);
  const benchmarkDnf = toDnf(benchmark).filter((c) => !contradictory(c));
  const tolerated = new Set((options.tolerated ?? []).map(conditionKey));
  const common = benchmarkDnf.length > 1 ? commonConditions(benchmarkDnf) : new Set<string>();
  const missed: MissedAlternative[] = [];
  for (const conjunction of benchmarkDnf) {
    let closest: Condition[] | undefined;
    for (const alternative of filterDnf) {
      const unmet = alternative.filter(
        (wanted) =>
          !tolerated.has(conditionKey(wanted)) && !conjunction.some((given) => conditionImplies(given, wanted)),
      );
      if (!closest || unmet.length < closest.length) closest = unmet;
      if (unmet.length === 0) break;
    }
    if (closest?.length === 0) continue;
    missed.push({
      conjunction,
      distinctive: benchmarkDnf.length > 1 ? conjunction.filter((c) => !common.has(conditionKey(c))) : [],
      unmet: closest ?? [],
    });
  }
  return { covered: missed.length === 0, alternatives: benchmarkDnf.length, missed };
}

function commonConditions(dnf: Conjunction[]): Set<string> {
  const [first, ...rest] = dnf.map((c) => new Set(c.map(conditionKey)));
  return new Set([...(first ?? [])].filter((key) => rest.every((set) => set.has(key))));
}

/** `eventName DeleteTrail` for an equality, the condition's text otherwise. */
function shortText(condition: Condition): string {
  return condition.kind === 'compare' && condition.operator === '='
    ? `${condition.selector.replace(/^\$\./, '')} ${condition.value}`
    : conditionText(condition);
}

/**
 * What the filter misses, for a message: `misses eventName DeleteTrail, eventName StopLogging`, or
 * for a filter narrower everywhere, `requires $.sourceIPAddress != "10.0.0.1", which the benchmark does not`.
 */
export function describeMisses(coverage: Coverage, max = 5): string {
  const named = coverage.missed.filter((m) => m.distinctive.length > 0);
  const everything = coverage.missed.length === coverage.alternatives;
  if (!everything && named.length > 0 && named.length === coverage.missed.length) {
    const items = named.map((m) => m.distinctive.map(shortText).join(' and '));
    const shown = items.slice(0, max).join(', ');
    return `misses ${shown}${items.length > max ? ` and ${items.length - max} more` : ''}`;
  }
  const unmet = dedupe(coverage.missed.flatMap((m) => [...m.unmet]));
  const requires = `requires ${unmet.slice(0, max).map(conditionText).join(' && ')}, which the benchmark does not`;
  if (everything && coverage.alternatives > 1) return `misses every event of the benchmark: it ${requires}`;
  return unmet.length === 0 ? 'misses events of the benchmark' : requires;
}
