import fs from 'node:fs';
import path from 'node:path';
import type { FrameworkData } from '../../checks/frameworks';
import {
  currentFrameworksBlock,
  END_MARKER,
  frameworksMarkdown,
  START_MARKER,
  withFrameworksBlock,
} from '../../src/engine/frameworks-readme';

const ROOT = path.join(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const REGENERATE = 'npm run build && node dist/src/engine/frameworks-readme.js --write';

describe("README's framework tables", () => {
  it('are what checks/frameworks/*.json generate', () => {
    const current = currentFrameworksBlock(readme);
    if (current === undefined) throw new Error(`README.md has no ${START_MARKER} … ${END_MARKER} block`);
    // On a difference: regenerate with `${REGENERATE}`.
    expect({ regenerate: REGENERATE, block: current }).toEqual({ regenerate: REGENERATE, block: frameworksMarkdown() });
  });

  it('are the only place the Checks section names framework requirements', () => {
    const checks = /\n## Checks\n[\s\S]*?(?=\n## )/.exec(readme)?.[0] ?? '';
    expect(checks).toContain(START_MARKER);
    const outside = withFrameworksBlock(checks, '');
    expect(
      outside.match(/\b(?:CIS|PCI DSS|SOC 2|NIST|HIPAA|ISO)\b[^.\n]*\d|Security Hub (?:CloudTrail|S3)\.\d+/g) ?? [],
    ).toEqual([]);
  });

  it('list every framework and every built-in check', () => {
    const block = frameworksMarkdown();
    for (const id of [
      'cis-1.2',
      'cis-7.0',
      'aws-securityhub',
      'aws-config',
      'pci-dss-4.0',
      'soc2',
      'iso-27001-2022',
      'nist-800-53-r5',
      'hipaa',
      'aws-best-practice',
    ])
      expect(block).toContain(`| \`${id}\` |`);
    expect(block).toContain(
      '| [`cloudtrail-multi-region`](#cloudtrail-multi-region) | 2.1 (v1.2.0)<br>3.1 (v1.4.0–v5.0.0)<br>4.1 (v6.0.0–v7.0.0) | CloudTrail.1 |',
    );
  });
});

describe('the generator', () => {
  const req = (id: string, checks: string[]) => ({ id, title: `title of ${id}`, checks });
  const data: FrameworkData[] = [
    { id: 'bench-1', name: 'Bench', version: '1', requirements: [req('1.1', ['a']), req('1.2', ['b'])] },
    { id: 'bench-2', name: 'Bench', version: '2', requirements: [req('1.1', ['a'])] },
    { id: 'bench-3', name: 'Bench', version: '3', requirements: [req('2.1', ['a', 'b'])] },
    { id: 'bench-4', name: 'Bench', version: '4', requirements: [req('2.1', ['a'])] },
    { id: 'solo', name: 'Solo | Pipe', requirements: [req('S-2', ['a']), req('S-10', ['a'])] },
  ];

  it('groups versions of one framework that map a check alike, and leaves gaps open', () => {
    const lines = frameworksMarkdown(data, ['a', 'b', 'c']).split('\n');
    expect(lines).toContain('| check | Bench | Solo \\| Pipe |');
    expect(lines).toContain('| [`a`](#a) | 1.1 (v1–v2)<br>2.1 (v3–v4) | S-2, S-10 |');
    expect(lines).toContain('| [`b`](#b) | 1.2 (v1)<br>2.1 (v3) | — |');
    expect(lines).toContain('| [`c`](#c) | — | — |');
    expect(lines).toContain('| `bench-3` | Bench v3 | 1 | 2 | `checks/frameworks/bench-3.json` |');
    expect(lines[0]).toBe(START_MARKER);
    expect(lines.at(-1)).toBe(END_MARKER);
  });

  it('replaces only the block between the markers, and needs them', () => {
    const text = `before\n${START_MARKER}\nold\n${END_MARKER}\nafter\n`;
    expect(withFrameworksBlock(text, `${START_MARKER}\nnew\n${END_MARKER}`)).toBe(
      `before\n${START_MARKER}\nnew\n${END_MARKER}\nafter\n`,
    );
    expect(() => withFrameworksBlock('no markers', 'x')).toThrow(`README has no ${START_MARKER} … ${END_MARKER} block`);
    expect(currentFrameworksBlock('no markers')).toBeUndefined();
  });
});
