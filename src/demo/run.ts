import { spawn } from 'node:child_process';
import path from 'node:path';
import { FaultProxy } from './fault-proxy';
import { startMoto } from './moto';
import { seedSampleHistoryBehind } from './sample-history';
import { SAMPLE_ORGANIZATION } from './sample-organization';
import { DUMMY_CREDENTIALS, seedOrganization } from './seed';
import { silenceSdkNodeVersionWarning } from '../util/sdk-warnings';

silenceSdkNodeVersionWarning();

const OUT = path.join('reports', 'demo');
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const cli = path.join(__dirname, '..', 'cli.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: 'inherit', env });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 3));
  });
}

/** npm run demo: a sample organization in moto's server, scanned for real (every account, --org) through the CLI. */
async function main(): Promise<number> {
  process.stderr.write('Starting the AWS emulator (moto server) on a free loopback port…\n');
  const moto = await startMoto();
  // CloudTrail's ListPublicKeys, which moto lacks, is answered by a small front before it.
  const front = new FaultProxy(() => moto.endpoint);
  await front.start();
  try {
    process.stderr.write(`Seeding the sample organization at ${moto.endpoint}…\n`);
    const seeded = await seedOrganization(moto.endpoint, SAMPLE_ORGANIZATION);
    const accounts = Object.entries(seeded.accountIds).map(([key, id]) => `${key}=${id}`);
    process.stderr.write(`Organization ${seeded.organizationId}: ${accounts.join(', ')}\n`);
    const history = await seedSampleHistoryBehind(front, moto.endpoint, seeded, { hours: 24, regions: REGIONS });
    const period = `${history.start.toISOString()}..${history.end.toISOString()}`;
    process.stderr.write(
      `Wrote 24 hours of CloudTrail log and digest files (${period}): ${history.trails.map((t) => `${t.trailName} ${t.role}`).join(', ')}\n\n`,
    );
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
      AWS_REGION: 'us-east-1',
    };
    delete env.AWS_SESSION_TOKEN;
    delete env.AWS_PROFILE;
    const code = await runCli(
      [
        'scan',
        '--org',
        '--endpoint-url',
        front.endpoint,
        '--regions',
        REGIONS.join(','),
        '--period',
        period,
        '--out',
        OUT,
        '--overwrite',
      ],
      env,
    );
    process.stderr.write(
      `\nDemo scan finished with exit code ${code} (${code === 1 ? 'failing findings, as the sample organization intends' : code === 0 ? 'no failing findings' : 'an error'}).\nOpen ${OUT}/report.html (or report.pdf) for the audit report; ${OUT}/results.json holds the verdicts, ${OUT}/inventory.json and ${OUT}/inventory/<account>.json the evidence, ${OUT}/manifest.json every file's SHA-256.\n`,
    );
    return code === 0 || code === 1 ? 0 : code;
  } finally {
    await front.stop();
    await moto.stop();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
