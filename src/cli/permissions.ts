import {
  permissionPolicies,
  permissionsCloudFormation,
  permissionsJson,
  permissionsText,
} from '../model/iam-permissions';
import { UsageError } from '../util/user-files';
import { parseCommandLine } from './command-line';
import type { Io } from './io';

const FORMATS = {
  text: permissionsText,
  json: permissionsJson,
  cloudformation: permissionsCloudFormation,
} as const;

const isFormat = (name: string): name is keyof typeof FORMATS => Object.prototype.hasOwnProperty.call(FORMATS, name);

/** trailaudit permissions [--checks …] [--framework …] [--period] [--org] [--format …]: the policy on stdout. */
export function runPermissions(argv: string[], io: Io): number {
  const { values } = parseCommandLine('permissions', argv);
  const format = values.format ?? 'text';
  if (!isFormat(format)) throw new UsageError(`--format takes text, json or cloudformation, got "${format}"`);
  const checks = values.checks
    ?.split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (checks?.length === 0) throw new UsageError('--checks takes check ids separated by commas');
  const policies = permissionPolicies({
    ...(checks ? { checks } : {}),
    ...(values.framework !== undefined ? { framework: values.framework } : {}),
    ...(values['role-name'] !== undefined ? { roleName: values['role-name'] } : {}),
    ...(values.partition !== undefined ? { partition: values.partition } : {}),
    period: values.period === true,
    validateLogs: values['validate-logs'] === true,
    org: values.org === true,
  });
  io.stdout(FORMATS[format](policies));
  return 0;
}
