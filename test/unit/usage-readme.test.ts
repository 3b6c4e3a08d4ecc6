import fs from 'node:fs';
import path from 'node:path';
import { USAGE_BLOCK, usageMarkdown } from '../../src/cli/usage-readme';
import { OPTION_SPECS, optionLabel } from '../../src/cli/option-specs';
import { currentBlock } from '../../src/util/readme-block';

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

describe("the README's usage block", () => {
  it('is the one generated from the option table (regenerate: node dist/src/cli/usage-readme.js --write)', () => {
    expect(currentBlock(README, USAGE_BLOCK)).toBe(usageMarkdown());
  });

  it('lists every option of the table with its description', () => {
    const block = usageMarkdown();
    for (const spec of OPTION_SPECS) expect(block).toContain(`| \`${optionLabel(spec)}\` |`);
  });
});
