import {
  CIS_VERSIONS,
  METRIC_FILTER_SLUGS,
  benchmarkPattern,
  type JudgedPattern,
} from '../../../checks/helpers/cis-monitoring';
import {
  conditionImplies,
  covers,
  describeMisses,
  parseFilterPattern,
  toDnf,
  type Condition,
  type FilterNode,
} from '../../../checks/helpers/filter-pattern';

function parse(text: string): FilterNode {
  const parsed = parseFilterPattern(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.error.message} at ${parsed.error.position}`);
  return parsed.ast;
}

function condition(text: string): Condition {
  const ast = parse(`{ ${text} }`);
  if (ast.kind !== 'compare' && ast.kind !== 'test') throw new Error(`not one condition: ${text}`);
  return ast;
}

/** How a rewrite prints a pattern: every variant means the same as the original. */
interface Style {
  spaced: boolean;
  /** always: every value quoted; minimal: only values that need it. */
  quote: 'always' | 'minimal';
  reverse: boolean;
  /** Parentheses around every operand, and the whole expression. */
  parens: boolean;
}

function printValue(value: string, style: Style): string {
  return style.quote === 'minimal' && /^[A-Za-z0-9_.*-]+$/.test(value)
    ? value
    : `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function printNode(node: FilterNode, style: Style): string {
  const sp = style.spaced ? ' ' : '';
  switch (node.kind) {
    case 'all':
      return '';
    case 'compare':
      return `${node.selector}${sp}${node.operator}${sp}${printValue(node.value, style)}`;
    case 'test':
      return `${node.selector} ${node.test}`;
    case 'and':
    case 'or': {
      const operands = style.reverse ? [...node.operands].reverse() : node.operands;
      const joiner = node.kind === 'and' ? `${sp}&&${sp}` : `${sp}||${sp}`;
      return operands
        .map((operand) => {
          const text = printNode(operand, style);
          const compound = operand.kind === 'and' || operand.kind === 'or';
          return style.parens || (compound && operand.kind !== node.kind) ? `(${text})` : text;
        })
        .join(joiner);
    }
  }
}

function print(node: FilterNode, style: Style): string {
  const body = printNode(node, style);
  return style.spaced ? `{ ${style.parens ? `(${body})` : body} }` : `{${style.parens ? `(${body})` : body}}`;
}

const REWRITES: [string, Style][] = [
  ['compact, values quoted', { spaced: false, quote: 'always', reverse: false, parens: false }],
  ['spaced, values unquoted where possible', { spaced: true, quote: 'minimal', reverse: false, parens: false }],
  ['clauses in reverse order', { spaced: true, quote: 'always', reverse: true, parens: false }],
  ['redundant parentheses everywhere', { spaced: true, quote: 'minimal', reverse: false, parens: true }],
  ['compact, unquoted, reversed, parenthesised', { spaced: false, quote: 'minimal', reverse: true, parens: true }],
];

/** Each distinct benchmark pattern, labelled with the versions that use it. */
function benchmarkEditions(): [string, JudgedPattern][] {
  const editions = new Map<string, { slug: string; judged: JudgedPattern; versions: string[] }>();
  for (const slug of METRIC_FILTER_SLUGS) {
    for (const version of CIS_VERSIONS) {
      const judged = benchmarkPattern(slug, version);
      const key = `${slug} ${judged.pattern}`;
      const edition = editions.get(key) ?? { slug, judged, versions: [] };
      if (!edition.versions.includes(judged.version)) edition.versions.push(judged.version);
      editions.set(key, edition);
    }
  }
  return [...editions.values()].map(({ slug, judged, versions }) => [`${slug} (CIS v${versions.join(', v')})`, judged]);
}

const EDITIONS = benchmarkEditions();

type OrNode = Extract<FilterNode, { kind: 'or' }>;

/** The `||` of event names in a benchmark, if it has one. */
function eventNameOr(node: FilterNode): OrNode | undefined {
  if (node.kind === 'or' && node.operands.every((o) => o.kind === 'compare' && o.selector === '$.eventName'))
    return node;
  if (node.kind === 'and' || node.kind === 'or')
    for (const operand of node.operands) {
      const found = eventNameOr(operand);
      if (found) return found;
    }
  return undefined;
}

/** The node with `from` replaced by `to` (by identity). */
function replaceNode(node: FilterNode, from: FilterNode, to: FilterNode): FilterNode {
  if (node === from) return to;
  if (node.kind === 'and' || node.kind === 'or')
    return { kind: node.kind, operands: node.operands.map((o) => replaceNode(o, from, to)) };
  return node;
}

/** Every `||` made `&&`. */
function orToAnd(node: FilterNode): FilterNode {
  if (node.kind === 'or') return { kind: 'and', operands: node.operands.map(orToAnd) };
  if (node.kind === 'and') return { kind: 'and', operands: node.operands.map(orToAnd) };
  return node;
}

/** The first condition's field renamed. */
function wrongField(node: FilterNode): FilterNode {
  let done = false;
  const rename = (n: FilterNode): FilterNode => {
    if ((n.kind === 'compare' || n.kind === 'test') && !done) {
      done = true;
      return { ...n, selector: `${n.selector}X` };
    }
    if (n.kind === 'and' || n.kind === 'or') return { kind: n.kind, operands: n.operands.map(rename) };
    return n;
  };
  return rename(node);
}

describe('parseFilterPattern', () => {
  it('parses selectors, operators, quoted and unquoted values and wildcards', () => {
    expect(parse('{ $.errorCode = "*UnauthorizedOperation" }')).toEqual({
      kind: 'compare',
      selector: '$.errorCode',
      operator: '=',
      value: '*UnauthorizedOperation',
      position: 2,
    });
    expect(parse('{$.eventSource=kms.amazonaws.com}')).toMatchObject({ value: 'kms.amazonaws.com' });
    expect(parse('{ $.a.b[0].c != "say \\"hi\\"" }')).toMatchObject({
      selector: '$.a.b[0].c',
      operator: '!=',
      value: 'say "hi"',
    });
    expect(parse('{ $.latency >= 1000 }')).toMatchObject({ operator: '>=', value: '1000' });
  });

  it('parses NOT EXISTS, IS NULL, IS TRUE and IS FALSE (any case)', () => {
    expect(parse('{ $.userIdentity.invokedBy NOT EXISTS }')).toMatchObject({ kind: 'test', test: 'NOT EXISTS' });
    expect(parse('{ $.x is null }')).toMatchObject({ kind: 'test', test: 'IS NULL' });
    expect(parse('{ $.x IS TRUE || $.y IS FALSE }')).toMatchObject({ kind: 'or' });
  });

  it('binds && tighter than ||, and parentheses override it', () => {
    const loose = parse('{ $.a = 1 || $.b = 2 && $.c = 3 }');
    expect(loose).toMatchObject({ kind: 'or', operands: [{ selector: '$.a' }, { kind: 'and' }] });
    const grouped = parse('{ ($.a = 1 || $.b = 2) && $.c = 3 }');
    expect(grouped).toMatchObject({ kind: 'and', operands: [{ kind: 'or' }, { selector: '$.c' }] });
    expect(toDnf(loose)).toHaveLength(2);
    expect(toDnf(grouped)).toHaveLength(2);
    expect(toDnf(grouped).map((c) => c.length)).toEqual([2, 2]);
  });

  it('reads the empty pattern as matching every event', () => {
    expect(parse('   ')).toEqual({ kind: 'all' });
  });

  it.each([
    ['{ $.eventName = }', 'expected a value after "=", found "}"', 16],
    ['{ $.eventName = "DeleteTrail" ', 'expected "&&", "||" or "}", found the end of the pattern', 30],
    ['{ ($.eventName = DeleteTrail }', 'expected "&&", "||" or ")", found "}"', 29],
    ['$.eventName = DeleteTrail', 'expected "{" (only JSON filter patterns', 0],
    ['"ERROR" "Exception"', 'expected "{" (only JSON filter patterns', 0],
    ['{ $.eventName = "DeleteTrail }', 'unterminated quoted value', 16],
    ['{ $.eventName == DeleteTrail }', 'expected a value after "=", found "="', 15],
    ['{ $.eventName = a && }', 'expected a condition such as $.eventName = value, or "(", found "}"', 21],
    ['{ eventName = a }', 'expected a condition such as $.eventName = value, or "(", found "eventName"', 2],
    ['{ $. = a }', 'expected a field name after "."', 4],
    ['{ $.a[x] = 1 }', 'expected an array index', 5],
    ['{ $.a = 1 } || { $.b = 2 }', 'expected the end of the pattern after "}", found "||"', 12],
    ['{ $.a NOT }', 'expected "=", "!=", "<", "<=", ">", ">=", "NOT EXISTS" or "IS NULL", found "NOT"', 6],
    ['{ $.a = 1 & $.b = 2 }', 'unexpected "&"', 10],
    ['{ }', 'expected a condition such as $.eventName = value, or "(", found "}"', 2],
  ])('rejects %s with a positioned error', (text, message, position) => {
    const parsed = parseFilterPattern(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.message).toContain(message);
    expect(parsed.error.position).toBe(position);
  });
});

describe('conditionImplies', () => {
  it.each([
    ['$.eventName = "DeleteTrail"', '$.eventName = "DeleteTrail"', true],
    ['$.eventName = DeleteTrail', '$.eventName = "DeleteTrail"', true],
    ['$.eventName = "DeleteTrail"', '$.eventName = "*"', true],
    ['$.eventName = "DeleteTrail"', '$.eventName = "*Trail"', true],
    ['$.eventName = "DeleteTrail"', '$.eventName = "Delete*"', true],
    ['$.eventName = "DeleteTrail"', '$.eventName = "De*Tr*"', true],
    ['$.eventName = "DeleteTrail"', '$.eventName = "Create*"', false],
    ['$.errorCode = "AccessDenied*"', '$.errorCode = "Access*"', true],
    ['$.errorCode = "AccessDenied*"', '$.errorCode = "AccessDenied"', false],
    ['$.errorCode = "*UnauthorizedOperation"', '$.errorCode = "*Operation"', true],
    ['$.eventName = "DeleteTrail"', '$.eventName != "HeadBucket"', true],
    ['$.eventName = "HeadBucket"', '$.eventName != "HeadBucket"', false],
    ['$.errorCode = "AccessDenied*"', '$.errorCode != "Client.UnauthorizedOperation"', true],
    ['$.errorCode = "AccessDenied*"', '$.errorCode != "*Exception"', false],
    ['$.eventName != "Head*"', '$.eventName != "HeadBucket"', true],
    ['$.eventName != "HeadBucket"', '$.eventName != "Head*"', false],
    ['$.eventName = "DeleteTrail"', '$.eventSource = "DeleteTrail"', false],
    ['$.x NOT EXISTS', '$.x NOT EXISTS', true],
    ['$.x IS NULL', '$.x NOT EXISTS', false],
    ['$.latency > 5', '$.latency > 5', true],
    ['$.latency > 10', '$.latency > 5', false],
  ])('%s ⇒ %s: %s', (given, wanted, implied) => {
    expect(conditionImplies(condition(given), condition(wanted))).toBe(implied);
  });
});

describe('covers: every CIS pattern of every version', () => {
  describe.each(EDITIONS)('%s', (_, judged) => {
    const options = { tolerated: judged.tolerated };

    it('covers itself', () => {
      expect(covers(judged.ast, judged.ast, options)).toMatchObject({ covered: true, missed: [] });
    });

    it.each(REWRITES)('is covered when rewritten: %s', (_name, style) => {
      const rewritten = print(judged.ast, style);
      expect(rewritten).not.toBe(judged.pattern);
      expect(covers(parse(rewritten), judged.ast, options).covered).toBe(true);
    });

    it('is covered by a filter adding only an exclusion some version of the benchmark makes', () => {
      for (const extra of judged.tolerated) {
        const narrowed: FilterNode = { kind: 'and', operands: [judged.ast, extra] };
        expect(covers(narrowed, judged.ast, options).covered).toBe(true);
      }
    });

    it('is not covered by a filter that also requires $.sourceIPAddress != "10.0.0.1", and says so', () => {
      const narrowed: FilterNode = {
        kind: 'and',
        operands: [judged.ast, condition('$.sourceIPAddress != "10.0.0.1"')],
      };
      const coverage = covers(narrowed, judged.ast, options);
      expect(coverage.covered).toBe(false);
      expect(describeMisses(coverage)).toContain('requires $.sourceIPAddress != "10.0.0.1"');
    });

    const names = eventNameOr(judged.ast);
    if (names)
      it('is not covered when one event name is missing, and names it', () => {
        const dropped = names.operands[names.operands.length - 1];
        if (dropped?.kind !== 'compare') throw new Error('expected an event name condition');
        const fewer: FilterNode = { kind: 'or', operands: names.operands.slice(0, -1) };
        const coverage = covers(replaceNode(judged.ast, names, fewer), judged.ast, options);
        expect(coverage.covered).toBe(false);
        expect(describeMisses(coverage)).toBe(`misses eventName ${dropped.value}`);
      });

    it('is not covered with && instead of ||', () => {
      const anded = orToAnd(judged.ast);
      // A benchmark without || (root usage, console sign-in) has nothing to turn into &&.
      expect(covers(anded, judged.ast, options).covered).toBe(toDnf(judged.ast).length === 1);
    });

    it('is not covered when a field is wrong', () => {
      expect(covers(wrongField(judged.ast), judged.ast, options).covered).toBe(false);
    });
  });
});

describe('covers: breadth and narrowing', () => {
  const cloudtrail = benchmarkPattern('cloudtrail-changes').ast;
  const unauthorized12 = benchmarkPattern('unauthorized-api-calls', '1.2');
  const unauthorized70 = benchmarkPattern('unauthorized-api-calls', '7.0');

  it('accepts broader filters: wildcards, fewer conditions, the empty pattern', () => {
    expect(covers(parse('{ $.eventName = "*Trail" || $.eventName = "*Logging" }'), cloudtrail).covered).toBe(true);
    expect(covers(parse('{ $.eventSource = "cloudtrail.amazonaws.com" }'), cloudtrail).covered).toBe(false);
    expect(covers(parse('{ $.errorCode = "*" }'), unauthorized70.ast).covered).toBe(true);
    expect(covers(parse(''), cloudtrail).covered).toBe(true);
    const kms = benchmarkPattern('cmk-disable-deletion').ast;
    expect(covers(parse('{ $.eventName = DisableKey || $.eventName = ScheduleKeyDeletion }'), kms).covered).toBe(true);
  });

  it('accepts the v1.4 exclusions against the v1.2 text, but not other exclusions', () => {
    const withExclusions = parse(unauthorized70.pattern);
    expect(covers(withExclusions, unauthorized12.ast).covered).toBe(false);
    expect(covers(withExclusions, unauthorized12.ast, { tolerated: unauthorized12.tolerated }).covered).toBe(true);
    expect(covers(parse(unauthorized12.pattern), unauthorized70.ast).covered).toBe(true);
    const other = parse(
      '{ ($.errorCode = "*UnauthorizedOperation" || $.errorCode = "AccessDenied*") && $.eventName != "ListBuckets" }',
    );
    const coverage = covers(other, unauthorized12.ast, { tolerated: unauthorized12.tolerated });
    expect(coverage.covered).toBe(false);
    expect(describeMisses(coverage)).toBe(
      'misses every event of the benchmark: it requires $.eventName != "ListBuckets", which the benchmark does not',
    );
  });

  it('reads the benchmark text without parentheses with && binding tighter, and still accepts the grouped filter', () => {
    const literal = parse(
      '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }',
    );
    expect(covers(literal, unauthorized70.ast, { tolerated: unauthorized70.tolerated }).covered).toBe(true);
    expect(covers(unauthorized70.ast, literal, { tolerated: unauthorized70.tolerated }).covered).toBe(true);
  });

  it('names every missed event name, and counts the rest', () => {
    const coverage = covers(parse('{ $.eventName = CreateTrail }'), cloudtrail);
    expect(describeMisses(coverage, 2)).toBe('misses eventName UpdateTrail, eventName DeleteTrail and 2 more');
  });

  it('says a filter on the wrong field misses everything', () => {
    const coverage = covers(parse('{ $.eventname = CreateTrail || $.eventname = UpdateTrail }'), cloudtrail);
    expect(describeMisses(coverage)).toMatch(/^misses every event of the benchmark: it requires \$\.eventname = /);
  });

  it('gives up past 4096 alternatives rather than exploding', () => {
    const wide = `{ ${Array.from({ length: 7 }, (_, i) => `($.a${i} = 1 || $.b${i} = 2 || $.c${i} = 3 || $.d${i} = 4)`).join(' && ')} }`;
    expect(() => toDnf(parse(wide))).toThrow(RangeError);
  });
});
