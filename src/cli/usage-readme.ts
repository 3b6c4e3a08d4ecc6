import fs from 'node:fs';
import path from 'node:path';
import { readmeBlock, withBlock } from '../util/readme-block';
import { COMMAND_NAMES, COMMANDS, optionLabel, specsOf, type OptionSpec } from './option-specs';

/**
 * The README's usage block, generated from the option table that also drives parsing and
 * --help; test/unit/usage-readme.test.ts fails when README.md's copy differs. To regenerate,
 * from the repository root after `npm run build`:
 *
 *     node dist/src/cli/usage-readme.js --write
 */
export const USAGE_BLOCK = readmeBlock('usage');

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function defaultOf(spec: OptionSpec): string {
  if (spec.defaultText !== undefined) return spec.defaultText;
  return spec.default !== undefined ? `\`${spec.default}\`` : '';
}

export function usageMarkdown(): string {
  const lines = [
    USAGE_BLOCK.start,
    '',
    '```',
    ...COMMAND_NAMES.map((name) => `trailaudit ${COMMANDS[name].synopsis}`),
    '```',
    '',
  ];
  for (const name of COMMAND_NAMES) {
    lines.push(
      `**\`trailaudit ${name}\`** — ${cell(COMMANDS[name].summary)}`,
      '',
      '| option | default | meaning |',
      '|---|---|---|',
    );
    for (const spec of specsOf(name))
      lines.push(`| \`${optionLabel(spec)}\` | ${cell(defaultOf(spec))} | ${cell(spec.description)} |`);
    lines.push('');
  }
  lines.push(USAGE_BLOCK.end);
  return lines.join('\n');
}

if (require.main === module) {
  const [flag, file] = process.argv.slice(2);
  if (flag === '--write') {
    const readme = path.resolve(file ?? 'README.md');
    fs.writeFileSync(readme, withBlock(fs.readFileSync(readme, 'utf8'), USAGE_BLOCK, usageMarkdown()));
    process.stdout.write(`updated the usage block in ${readme}\n`);
  } else {
    process.stdout.write(`${usageMarkdown()}\n`);
  }
}
