import fs from 'node:fs';
import path from 'node:path';
import { builtInChecks } from '../../checks';
import { currentBlock, readmeBlock, withBlock } from '../util/readme-block';
import { displayName, frameworks, type FrameworkData } from './frameworks';

/**
 * The README's framework tables, generated from the framework files: which frameworks there are,
 * and which requirements each built-in check implements. test/unit/frameworks-readme.test.ts
 * fails when README.md's copy (between the markers) differs. To regenerate, from the repository
 * root after `npm run build`:
 *
 *     node dist/src/engine/frameworks-readme.js            # print the block
 *     node dist/src/engine/frameworks-readme.js --write    # replace it in README.md
 */

const FRAMEWORKS_BLOCK = readmeBlock('frameworks');
export const START_MARKER = FRAMEWORKS_BLOCK.start;
export const END_MARKER = FRAMEWORKS_BLOCK.end;

const NONE = '—';

/** Frameworks that share a name (versions of one benchmark), in the order they are listed. */
interface Family {
  name: string;
  members: FrameworkData[];
}

function familiesOf(list: readonly FrameworkData[]): Family[] {
  const families: Family[] = [];
  for (const framework of list) {
    const family = families.find((f) => f.name === framework.name);
    if (family) family.members.push(framework);
    else families.push({ name: framework.name, members: [framework] });
  }
  return families;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

const requirementIds = (framework: FrameworkData, checkId: string): string[] =>
  framework.requirements.filter((r) => r.checks.includes(checkId)).map((r) => r.id);

const versionLabel = (framework: FrameworkData): string => (framework.version ? `v${framework.version}` : framework.id);

/**
 * One check's requirements in one family. Versions next to each other that map the check to the
 * same requirements share a line: "3.1 (v1.4.0–v5.0.0)".
 */
function familyCell(family: Family, checkId: string): string {
  if (family.members.length === 1) {
    const [only] = family.members;
    const ids = only ? requirementIds(only, checkId) : [];
    return ids.length > 0 ? cell(ids.join(', ')) : NONE;
  }
  const runs: { ids: string; first: FrameworkData; last: FrameworkData }[] = [];
  let previous: { ids: string; first: FrameworkData; last: FrameworkData } | undefined;
  for (const member of family.members) {
    const ids = requirementIds(member, checkId).join(', ');
    if (ids === '') {
      previous = undefined;
    } else if (previous && previous.ids === ids) {
      previous.last = member;
    } else {
      previous = { ids, first: member, last: member };
      runs.push(previous);
    }
  }
  if (runs.length === 0) return NONE;
  return runs
    .map((run) =>
      cell(`${run.ids} (${versionLabel(run.first)}${run.last === run.first ? '' : `–${versionLabel(run.last)}`})`),
    )
    .join('<br>');
}

const row = (cells: string[]): string => `| ${cells.join(' | ')} |`;

/** The markdown between the README's markers: the frameworks, then checks × frameworks. */
export function frameworksMarkdown(
  list: readonly FrameworkData[] = frameworks(),
  checkIds: readonly string[] = builtInChecks.map((c) => c.meta.id),
): string {
  const lines = [
    START_MARKER,
    '<!-- Generated from checks/frameworks/*.json by src/engine/frameworks-readme.ts: do not edit by hand. -->',
    '',
    row(['`--framework`', 'framework', 'requirements', 'checks', 'data']),
    row(['---', '---', '---', '---', '---']),
    ...list.map((f) =>
      row([
        `\`${f.id}\``,
        cell(displayName(f)),
        String(f.requirements.length),
        String(new Set(f.requirements.flatMap((r) => r.checks)).size),
        `\`checks/frameworks/${f.id}.json\``,
      ]),
    ),
    '',
  ];
  const families = familiesOf(list);
  const header = families.map((family) =>
    cell(family.members.length === 1 && family.members[0] ? displayName(family.members[0]) : family.name),
  );
  lines.push(row(['check', ...header]), row(['---', ...families.map(() => '---')]));
  for (const id of checkIds)
    lines.push(row([`[\`${id}\`](#${id})`, ...families.map((family) => familyCell(family, id))]));
  lines.push(END_MARKER);
  return lines.join('\n');
}

/** README text with the block between the markers replaced; throws when the markers are missing. */
export function withFrameworksBlock(readme: string, block: string = frameworksMarkdown()): string {
  return withBlock(readme, FRAMEWORKS_BLOCK, block);
}

/** The block as README.md has it now (markers included), or undefined when it has none. */
export function currentFrameworksBlock(readme: string): string | undefined {
  return currentBlock(readme, FRAMEWORKS_BLOCK);
}

if (require.main === module) {
  const [flag, file] = process.argv.slice(2);
  if (flag === '--write') {
    const readme = path.resolve(file ?? 'README.md');
    fs.writeFileSync(readme, withFrameworksBlock(fs.readFileSync(readme, 'utf8')));
    process.stdout.write(`updated the framework tables in ${readme}\n`);
  } else {
    process.stdout.write(`${frameworksMarkdown()}\n`);
  }
}
