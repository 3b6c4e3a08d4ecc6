import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtInChecks } from '../../checks';
import { FRAMEWORK_FILES, type FrameworkData } from '../../checks/frameworks';
import { frameworksOf, mappingsByCheck } from '../../checks/helpers/frameworks';
import * as frameworkEngine from '../../src/engine/frameworks';
import {
  catalogueProblems,
  checkedFrameworks,
  displayName,
  framework,
  frameworkProblems,
  frameworks,
  frameworksByCheck,
} from '../../src/engine/frameworks';
import { loadChecks } from '../../src/engine/registry';
import { FRAMEWORKS, frameworkName, requirementTitle, UNKNOWN_TITLE } from '../../src/render/requirements';

const ROOT = path.join(__dirname, '..', '..');
const DIR = path.join(ROOT, 'checks', 'frameworks');
const dataFiles = fs.readdirSync(DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'));
const builtInIds = builtInChecks.map((c) => c.meta.id);

const valid = (): FrameworkData => ({
  id: 'example-1.0',
  name: 'Example',
  version: '1.0',
  requirements: [{ id: 'R-1', title: 'Logs are kept', checks: ['cloudtrail-multi-region'] }],
});

describe('framework files (checks/frameworks/*.json)', () => {
  it('match framework.schema.json and use each framework id once', () => {
    expect(catalogueProblems(FRAMEWORK_FILES)).toEqual([]);
    expect(frameworks()).toBe(FRAMEWORK_FILES);
  });

  it('are each named <id>.json, and every one is listed in checks/frameworks/index.ts', () => {
    const listed = FRAMEWORK_FILES.map((f) => `${f.id}.json`);
    expect([...listed].sort()).toEqual([...dataFiles].sort());
    for (const file of dataFiles) {
      const onDisk = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as FrameworkData;
      expect(FRAMEWORK_FILES.find((f) => f.id === onDisk.id)).toEqual(onDisk);
    }
  });

  it('name only built-in checks, and map every built-in check', () => {
    const named = new Set(FRAMEWORK_FILES.flatMap((f) => f.requirements.flatMap((r) => r.checks)));
    expect([...named].filter((id) => !builtInIds.includes(id))).toEqual([]);
    expect(builtInIds.filter((id) => !named.has(id))).toEqual([]);
  });

  it('point editors at the schema', () => {
    for (const file of dataFiles)
      expect(JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8'))).toMatchObject({
        $schema: './framework.schema.json',
      });
  });
});

describe('the framework schema, validated at load (ajv)', () => {
  it('accepts a minimal framework', () => {
    expect(frameworkProblems(valid())).toEqual([]);
    const unversioned = valid();
    delete unversioned.version;
    expect(frameworkProblems(unversioned)).toEqual([]);
  });

  it.each<[string, (f: FrameworkData) => unknown, RegExp]>([
    ['no name', ({ name: _name, ...rest }) => rest, /must have required property 'name'/],
    ['an unknown property', (f) => ({ ...f, owner: 'me' }), /must NOT have additional properties/],
    ['an id with capitals or spaces', (f) => ({ ...f, id: 'CIS 3.0' }), /\/id must match pattern/],
    ['no requirements', (f) => ({ ...f, requirements: [] }), /\/requirements must NOT have fewer than 1 items/],
    [
      'a requirement without checks',
      (f) => ({ ...f, requirements: [{ id: 'R-1', title: 't' }] }),
      /\/requirements\/0 must have required property 'checks'/,
    ],
    [
      'a check listed twice',
      (f) => ({ ...f, requirements: [{ id: 'R-1', title: 't', checks: ['a-b', 'a-b'] }] }),
      /\/requirements\/0\/checks must NOT have duplicate items/,
    ],
    [
      'a check id that is not one',
      (f) => ({ ...f, requirements: [{ id: 'R-1', title: 't', checks: ['Not A Check'] }] }),
      /\/requirements\/0\/checks\/0 must match pattern/,
    ],
    [
      'an empty title',
      (f) => ({ ...f, requirements: [{ id: 'R-1', title: '', checks: [] }] }),
      /\/requirements\/0\/title must NOT have fewer than 1 characters/,
    ],
    [
      'an ASFF classifier outside the taxonomy',
      (f) => ({ ...f, asffClassifier: 'CIS' }),
      /\/asffClassifier must be equal to one of the allowed values/,
    ],
    [
      'a requirement listed twice',
      (f) => ({ ...f, requirements: [...f.requirements, ...f.requirements] }),
      /requirement R-1 is listed twice/,
    ],
  ])('rejects %s', (_, change, problem) => {
    expect(frameworkProblems(change(valid())).join('; ')).toMatch(problem);
  });

  it('rejects two files with one id, naming the framework', () => {
    expect(catalogueProblems([valid(), valid()])).toEqual(['example-1.0: framework id is used by two files']);
    expect(catalogueProblems([{ name: 'x' }])[0]).toMatch(/^#1: \/ must have required property 'id'/);
  });
});

describe('the registry validates the framework files when it loads the checks', () => {
  it('throws with every problem when a file is broken', () => {
    const broken = [...FRAMEWORK_FILES, { id: 'broken-1', name: 'Broken', requirements: [] }];
    expect(() => checkedFrameworks(broken)).toThrow(
      'checks/frameworks/ does not match framework.schema.json: broken-1: /requirements must NOT have fewer than 1 items',
    );
    expect(checkedFrameworks(FRAMEWORK_FILES)).toBe(FRAMEWORK_FILES);
  });

  it('loads no check before the files are validated', async () => {
    const spy = jest.spyOn(frameworkEngine, 'frameworks').mockImplementation(() => {
      throw new Error('framework files checked');
    });
    try {
      await expect(loadChecks()).rejects.toThrow('framework files checked');
    } finally {
      spy.mockRestore();
    }
    expect(await loadChecks()).toHaveLength(builtInChecks.length);
  });
});

describe('built-in checks: meta.frameworks derived from the data', () => {
  it.each(builtInChecks.map((c) => [c.meta.id, c] as const))(
    '%s has exactly what the framework files map it to, in their order',
    (id, check) => {
      expect(check.meta.frameworks).toEqual(frameworksByCheck().get(id));
      const order = FRAMEWORK_FILES.map((f) => f.id).filter((f) => f in check.meta.frameworks);
      expect(Object.keys(check.meta.frameworks)).toEqual(order);
    },
  );

  it.each(builtInChecks.map((c) => [c.meta.id] as const))('%s keeps no hand-kept framework map in its module', (id) => {
    const source = fs.readFileSync(path.join(ROOT, 'checks', `${id}.ts`), 'utf8');
    expect(source).toContain(`frameworks: frameworksOf('${id}'),`);
    expect(source).not.toMatch(/frameworks: \{|\bcis\(/);
  });

  it('builds check id → { framework: [requirement ids] } from the files, requirements in file order', () => {
    const data: FrameworkData[] = [
      {
        id: 'a',
        name: 'A',
        requirements: [
          { id: '2', title: 't', checks: ['x'] },
          { id: '10', title: 't', checks: ['x', 'y'] },
        ],
      },
      { id: 'b', name: 'B', requirements: [{ id: 'B.1', title: 't', checks: ['y'] }] },
    ];
    expect(Object.fromEntries(mappingsByCheck(data))).toEqual({ x: { a: ['2', '10'] }, y: { a: ['10'], b: ['B.1'] } });
  });

  it('gives each check its own copy, and refuses a check id no framework maps', () => {
    const first = frameworksOf('cloudtrail-multi-region');
    first['cis-3.0']?.push('changed');
    expect(frameworksOf('cloudtrail-multi-region')['cis-3.0']).toEqual(['3.1']);
    expect(() => frameworksOf('cloudtrail-multi-regoin')).toThrow(
      'no framework in checks/frameworks/ maps the check cloudtrail-multi-regoin',
    );
  });

  it('leaves --checks-dir checks their own meta.frameworks', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ta-fw-'));
    const meta = {
      ...builtInChecks[0]?.meta,
      id: 'custom-internal',
      frameworks: { internal: ['LOG-7'], 'cis-3.0': ['9.9'] },
    };
    fs.writeFileSync(
      path.join(dir, 'custom.js'),
      `exports.check = { meta: ${JSON.stringify(meta)}, evaluate() { return []; } };`,
    );
    const custom = (await loadChecks({ checksDir: dir })).find((c) => c.meta.id === 'custom-internal');
    expect(custom?.meta.frameworks).toEqual({ internal: ['LOG-7'], 'cis-3.0': ['9.9'] });
  });
});

describe('the report reads names and titles from the data', () => {
  it('names frameworks "name v<version>" and titles requirements from their file', () => {
    expect(displayName({ name: 'PCI DSS', version: '4.0' })).toBe('PCI DSS v4.0');
    expect(frameworkName('cis-3.0')).toBe('CIS AWS Foundations Benchmark v3.0.0');
    expect(frameworkName('nist-800-53-r5')).toBe('NIST SP 800-53 Rev. 5');
    expect(requirementTitle('aws-securityhub', 'S3.20')).toBe(
      framework('aws-securityhub')?.requirements.find((r) => r.id === 'S3.20')?.title,
    );
    expect(Object.keys(FRAMEWORKS)).toEqual(FRAMEWORK_FILES.map((f) => f.id));
  });

  it('shows unknown frameworks by id and unknown requirements as not recorded, whatever their name', () => {
    expect(frameworkName('internal')).toBe('internal');
    expect(frameworkName('toString')).toBe('toString');
    expect(requirementTitle('cis-3.0', '9.9')).toBe(UNKNOWN_TITLE);
    expect(requirementTitle('cis-3.0', 'constructor')).toBe(UNKNOWN_TITLE);
    expect(requirementTitle('internal', 'LOG-7')).toBe(UNKNOWN_TITLE);
  });
});
