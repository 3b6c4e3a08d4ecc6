import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DEPLOY_TEMPLATE_FILES } from './templates';

/** The repository: two levels up from src/deploy, three from dist/src/deploy. */
const ROOT = path.resolve(__dirname, __dirname.split(path.sep).includes('dist') ? '../../..' : '../..');

/** The repository's Prettier (its CLI: the module's API needs dynamic import(), which jest's runtime lacks). */
function prettierFormat(root: string, file: string, text: string): string {
  const cli = path.join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs');
  const run = spawnSync(process.execPath, [cli, '--stdin-filepath', file], {
    cwd: root,
    input: text,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`prettier failed on ${file}: ${run.stderr.trim()}`);
  return run.stdout;
}

/** Each deploy/ file's text as committed: the template as JSON, formatted as the repository's Prettier does. */
export function renderDeployTemplates(root: string = ROOT): Record<string, string> {
  const rendered: Record<string, string> = {};
  for (const [file, build] of Object.entries(DEPLOY_TEMPLATE_FILES))
    rendered[file] = prettierFormat(root, file, JSON.stringify(build()));
  return rendered;
}

if (require.main === module)
  try {
    for (const [file, text] of Object.entries(renderDeployTemplates())) {
      fs.mkdirSync(path.dirname(path.join(ROOT, file)), { recursive: true });
      fs.writeFileSync(path.join(ROOT, file), text);
      process.stdout.write(`wrote ${file}\n`);
    }
  } catch (error) {
    process.stderr.write(`deploy:templates: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
