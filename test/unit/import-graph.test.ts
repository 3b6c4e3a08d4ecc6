import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The layers of src/: cli → audit → {collect, engine, render} → model. A library module never
 * reaches back into the CLI, and no CLI command depends on another.
 */
const ROOT = path.join(__dirname, '..', '..');
const SRC = path.join(ROOT, 'src');
const COMMANDS = ['scan', 'merge', 'report', 'verify', 'validate-logs'].map((name) =>
  path.join(SRC, 'cli', `${name}.ts`),
);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier.replace(/\.js$/, ''));
  return [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => fs.existsSync(candidate));
}

/** Each file of src/ → the files of the project it imports (import, export … from, import(), require). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const imported = ts
      .preProcessFile(fs.readFileSync(file, 'utf8'), true, true)
      .importedFiles.map((ref) => resolveImport(file, ref.fileName));
    graph.set(
      file,
      imported.filter((target): target is string => target !== undefined),
    );
  }
  return graph;
}

const relative = (file: string): string => path.relative(ROOT, file);
const isUnder = (file: string, folder: string): boolean =>
  !path.relative(path.join(SRC, folder), file).startsWith('..');
const isCli = (file: string): boolean => isUnder(file, 'cli') || file === path.join(SRC, 'cli.ts');

function arrows(graph: Map<string, string[]>, test: (from: string, to: string) => boolean): string[] {
  return [...graph].flatMap(([from, targets]) =>
    targets.filter((to) => test(from, to)).map((to) => `${relative(from)} → ${relative(to)}`),
  );
}

describe('import graph of src/', () => {
  const graph = importGraph();

  it('has the modules it is about', () => {
    for (const file of [...COMMANDS, path.join(SRC, 'audit', 'run.ts'), path.join(SRC, 'index.ts')])
      expect(graph.has(file)).toBe(true);
  });

  it('has no arrow from outside the CLI into src/cli', () => {
    expect(arrows(graph, (from, to) => !isCli(from) && isCli(to))).toEqual([]);
  });

  it('reaches src/audit only from the CLI and the library entry', () => {
    expect(
      arrows(
        graph,
        (from, to) =>
          isUnder(to, 'audit') && !isUnder(from, 'audit') && !isCli(from) && from !== path.join(SRC, 'index.ts'),
      ),
    ).toEqual([]);
  });

  it('keeps the model below collect, engine, render, audit and the CLI', () => {
    const above = ['collect', 'engine', 'render', 'audit', 'cli'];
    expect(
      arrows(graph, (from, to) => isUnder(from, 'model') && (above.some((layer) => isUnder(to, layer)) || isCli(to))),
    ).toEqual([]);
  });

  it('has no CLI command that depends on another, directly or through other modules', () => {
    const reachable = (start: string): Set<string> => {
      const seen = new Set<string>();
      const pending = [...(graph.get(start) ?? [])];
      for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
        if (seen.has(file)) continue;
        seen.add(file);
        pending.push(...(graph.get(file) ?? []));
      }
      return seen;
    };
    const crossings = COMMANDS.flatMap((command) =>
      COMMANDS.filter((other) => other !== command && reachable(command).has(other)).map(
        (other) => `${relative(command)} → ${relative(other)}`,
      ),
    );
    expect(crossings).toEqual([]);
  });
});
