import { chooseCentralBucket } from '../../checks/cloudtrail-central-bucket';
import type { Check, OptionsByCheck, Results, RunSettings, Severity } from '../model/findings';
import type { Inventory } from '../model/inventory';

export interface SettingsInput {
  inventory: Inventory;
  checks: readonly Check[];
  /** --checks named the checks (otherwise every loaded check ran). */
  checksListed: boolean;
  checksDir?: string;
  framework?: string;
  centralBucket?: string;
  /** The options each check was given; only non-empty ones are recorded. */
  checkOptions?: OptionsByCheck;
  failOn: Severity;
  gateFailed: boolean;
  waivers?: { file: string; sha256: string; count: number };
  compare?: { file: string; previous: Results };
}

/** Every option that shaped the verdicts, as the report's cover and results.json state them. */
export function runSettings(input: SettingsInput): RunSettings {
  const { inventory } = input;
  const judgesCentralBucket = input.checks.some((c) => c.meta.id === 'cloudtrail-central-bucket');
  const central = judgesCentralBucket ? chooseCentralBucket(inventory, input.centralBucket) : undefined;
  return {
    regions: { source: inventory.scan.regionSelection ?? 'discovered', list: inventory.scan.scope.regions },
    ...(central?.bucket !== undefined ? { centralBucket: { name: central.bucket, basis: central.basis } } : {}),
    checks: {
      selection: input.checksListed ? 'listed' : 'all',
      ids: input.checks.map((c) => c.meta.id),
      ...(input.checksDir ? { checksDir: input.checksDir } : {}),
    },
    ...(input.framework ? { framework: input.framework } : {}),
    ...recordedOptions(input.checkOptions),
    ...(input.waivers ? { waivers: input.waivers } : {}),
    ...(input.compare
      ? {
          compare: {
            file: input.compare.file,
            runId: input.compare.previous.run.id,
            finishedAt: input.compare.previous.run.finishedAt,
          },
        }
      : {}),
    gate: { failOn: input.failOn, failed: input.gateFailed },
  };
}

function recordedOptions(options: OptionsByCheck | undefined): Pick<RunSettings, 'checkOptions'> {
  const set = Object.entries(options ?? {}).filter(([, value]) => Object.keys(value).length > 0);
  return set.length > 0 ? { checkOptions: Object.fromEntries(set.map(([id, value]) => [id, { ...value }])) } : {};
}
