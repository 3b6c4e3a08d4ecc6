import fs from 'node:fs';
import path from 'node:path';
import { readmeBlock, withBlock } from '../util/readme-block';
import { iamPolicyDocument, policyActions, policyLines, type PermissionScope } from './permissions';

/**
 * The README's "IAM permissions" block, generated from the same documents as `trailaudit permissions` and the
 * report's appendix; test/unit/permissions-readme.test.ts fails when README.md's copy differs. To regenerate, from
 * the repository root after `npm run build`:
 *
 *     node dist/src/model/iam-readme.js --write
 */
export const IAM_BLOCK = readmeBlock('iam-policy');

const json = (value: unknown): string[] => ['```json', JSON.stringify(value, null, 2), '```'];

/** What `extra` grants beyond `base`, one line per action with its resource. */
function added(base: PermissionScope, extra: PermissionScope): string[] {
  const before = new Set(policyLines(iamPolicyDocument(base)));
  return policyLines(iamPolicyDocument(extra))
    .filter((line) => !before.has(line))
    .map((line) => `- \`${line}\``);
}

export function iamReadmeMarkdown(): string {
  const member = iamPolicyDocument({ principal: 'member' });
  const scanner = iamPolicyDocument({ principal: 'scanner' });
  return [
    IAM_BLOCK.start,
    '',
    `The audit role in every scanned account, for every check (${policyActions(member).length} actions; \`trailaudit permissions --format json\`):`,
    '',
    ...json(member),
    '',
    '`--period` adds (`trailaudit permissions --period`):',
    '',
    ...added({ principal: 'member' }, { principal: 'member', period: true }),
    '',
    '`validate-logs` adds (`trailaudit permissions --validate-logs`; the organization is read for an organization trail):',
    '',
    ...added({ principal: 'member' }, { principal: 'member', validateLogs: true }),
    '',
    `For \`--org\`, the principal in the management account or delegated administrator (${policyActions(scanner).length} actions; \`trailaudit permissions --org --role-name NAME\` names the role):`,
    '',
    ...json(scanner),
    '',
    IAM_BLOCK.end,
  ].join('\n');
}

if (require.main === module) {
  const [flag, file] = process.argv.slice(2);
  if (flag === '--write') {
    const readme = path.resolve(file ?? 'README.md');
    fs.writeFileSync(readme, withBlock(fs.readFileSync(readme, 'utf8'), IAM_BLOCK, iamReadmeMarkdown()));
    process.stdout.write(`updated the IAM permissions block in ${readme}\n`);
  } else {
    process.stdout.write(`${iamReadmeMarkdown()}\n`);
  }
}
