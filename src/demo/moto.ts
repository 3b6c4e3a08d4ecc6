import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';

export interface MotoServer {
  endpoint: string;
  port: number;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const PYTHON = process.env.TRAILAUDIT_PYTHON ?? 'python3';

function motoImportable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import moto.server, flask, flask_cors'], { stdio: 'ignore' }).status === 0;
}

/** moto[server] is a Python package; install it with pip where it is missing. */
export function ensureMotoInstalled(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): void {
  if (motoImportable()) return;
  log('moto[server] not found: installing it with pip (once)…');
  const pip = (extra: string[]): number | null =>
    spawnSync(PYTHON, ['-m', 'pip', 'install', '--quiet', ...extra, 'moto[server]>=5.1,<6'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    }).status;
  // A system Python that refuses global installs (PEP 668) still takes a user install.
  if (pip([]) !== 0) pip(['--user', '--break-system-packages']);
  if (!motoImportable())
    throw new Error(
      `could not install moto[server] with ${PYTHON} -m pip; install it by hand: pip install 'moto[server]'`,
    );
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitUntilReady(
  endpoint: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`moto_server exited with code ${child.exitCode}: ${output().slice(-500)}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms: ${output().slice(-500)}`);
}

/** Starts moto's server on a free loopback port; the caller stops it. */
export async function startMoto(options: { timeoutMs?: number } = {}): Promise<MotoServer> {
  ensureMotoInstalled();
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  let output = '';
  // No per-request log lines (they cost the emulator CPU and could fill an undrained pipe);
  // SIGUSR1 prints every thread's stack, which is how a hung emulator is diagnosed.
  const launcher = [
    'import faulthandler, logging, signal, sys',
    'faulthandler.register(signal.SIGUSR1, all_threads=True)',
    "logging.getLogger('werkzeug').setLevel(logging.ERROR)",
    `sys.argv = ['moto_server', '-H', '127.0.0.1', '-p', '${port}']`,
    'from moto.server import main',
    'main()',
  ].join('\n');
  const child = spawn(PYTHON, ['-c', launcher], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'false' },
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  await waitUntilReady(endpoint, child, () => output, options.timeoutMs ?? 30000);
  return {
    endpoint,
    port,
    async reset() {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
    },
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      });
    },
  };
}
