import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { FaultProxy } from '../../src/demo/fault-proxy';
import { ActionRecorder } from '../../src/demo/iam-actions';
import { startMoto, type MotoServer } from '../../src/demo/moto';
import { requiredActions } from '../../src/model/permissions';
import { silenceSdkNodeVersionWarning } from '../../src/util/sdk-warnings';

silenceSdkNodeVersionWarning();

/** Everything trailaudit may call: the member role's and the scanner's policies, with --period and validate-logs. */
export function fullPolicyActions(): Set<string> {
  const scope = { period: true, validateLogs: true } as const;
  return new Set([
    ...requiredActions({ principal: 'member', ...scope }),
    ...requiredActions({ principal: 'scanner', ...scope }),
  ]);
}

/**
 * The recorded actions the policy does not grant (a write among them too: the seeding's sessions name themselves
 * trailaudit-seed, which the front does not record).
 */
export function actionsOutsidePolicy(recorded: Iterable<string>): string[] {
  const policy = fullPolicyActions();
  return [...recorded].filter((action) => !policy.has(action)).sort();
}

/** What a front recorded: the IAM actions with their counts, and the objects read. */
export interface Recorded {
  actions: Map<string, number>;
  objectArns: Set<string>;
}

/** Runs the TypeScript module argv[1] (transpiled as it is loaded, as ts-jest does for the tests). */
const RUN_TYPESCRIPT = `
const fs = require('node:fs');
const ts = require('typescript');
require.extensions['.ts'] = (module, filename) => {
  const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
  const source = fs.readFileSync(filename, 'utf8');
  module._compile(ts.transpileModule(source, { fileName: filename, compilerOptions: options }).outputText, filename);
};
require(process.argv[1]);
`;

/** The recording front, in a child process (test/support/recording-front.ts) so that spawnSync callers reach it. */
class RecordingFront {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, (recorded: Recorded) => void>();
  private nextId = 0;
  readonly endpoint: Promise<string>;

  constructor(upstream: string) {
    this.child = spawn(process.execPath, ['-e', RUN_TYPESCRIPT, path.join(__dirname, 'recording-front.ts'), upstream], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.endpoint = new Promise((resolve, reject) => {
      this.child.once('error', reject);
      this.child.once('exit', (code) => reject(new Error(`the recording front exited with code ${code}`)));
      this.child.on('message', (message: FrontMessage) => {
        if (message.type === 'ready') resolve(message.endpoint);
        if (message.type === 'recorded') {
          this.pending.get(message.id)?.({
            actions: new Map(message.actions),
            objectArns: new Set(message.objectArns),
          });
          this.pending.delete(message.id);
        }
      });
    });
  }

  ask(type: 'recorded' | 'clear'): Promise<Recorded> {
    const id = (this.nextId += 1);
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child.send({ type, id });
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.disconnect();
    });
  }
}

type FrontMessage =
  | { type: 'ready'; endpoint: string }
  | { type: 'recorded'; id: number; actions: [string, number][]; objectArns: string[] };

export interface Emulator {
  /** The recording front's endpoint: every request of the file goes through it to moto. */
  readonly endpoint: string;
  readonly server: MotoServer;
  /** Where in-process fault proxies before the front (useFaultProxy) record: requests a fault answers. */
  readonly recorder: ActionRecorder;
  /** The IAM actions of trailaudit's requests so far (User-Agent "trailaudit/…"), from the front and the proxies. */
  recorded(): Promise<Recorded>;
  /** Forgets what was recorded (e.g. the seeding's requests). */
  clearRecorded(): Promise<void>;
}

/**
 * One moto server per test file, on a free loopback port, reset before every test, behind a
 * front that records the IAM action of every request trailaudit makes: when the file is done, an
 * action its policy (src/model/permissions.ts) does not grant fails it.
 * Call at the top of a describe block; read `.endpoint` inside tests.
 */
export function useMoto(): Emulator {
  let server: MotoServer | undefined;
  let front: RecordingFront | undefined;
  let endpoint: string | undefined;
  const recorder = new ActionRecorder();
  const recorded = async (): Promise<Recorded> => {
    const remote = (await front?.ask('recorded')) ?? {
      actions: new Map<string, number>(),
      objectArns: new Set<string>(),
    };
    for (const [action, count] of recorder.actions)
      remote.actions.set(action, (remote.actions.get(action) ?? 0) + count);
    for (const arn of recorder.objectArns) remote.objectArns.add(arn);
    return remote;
  };
  beforeAll(async () => {
    server = await startMoto();
    front = new RecordingFront(server.endpoint);
    endpoint = await front.endpoint;
  }, 60_000);
  beforeEach(async () => {
    await server?.reset();
  });
  afterAll(async () => {
    const actions = front ? [...(await recorded()).actions.keys()] : [];
    await front?.stop();
    await server?.stop();
    const outside = actionsOutsidePolicy(actions);
    if (outside.length > 0)
      throw new Error(
        `trailaudit called ${outside.join(', ')}, which its IAM policy does not grant: add the call to src/model/iam-calls.ts`,
      );
  });
  return {
    get endpoint() {
      if (!endpoint) throw new Error('moto server not started');
      return endpoint;
    },
    get server() {
      if (!server) throw new Error('moto server not started');
      return server;
    },
    recorder,
    recorded,
    async clearRecorded() {
      recorder.clear();
      await front?.ask('clear');
    },
  };
}

/**
 * The fault-injecting proxy in front of a test file's emulator: started once, its faults cleared before every test.
 * It records trailaudit's actions into the emulator's recorder too (a request a fault answers never reaches moto).
 */
export function useFaultProxy(moto: { readonly endpoint: string; readonly recorder?: ActionRecorder }): FaultProxy {
  const proxy = new FaultProxy(() => moto.endpoint, moto.recorder ? { recorder: moto.recorder } : {});
  beforeAll(() => proxy.start());
  afterAll(() => proxy.stop());
  beforeEach(() => proxy.clear());
  return proxy;
}

/**
 * moto behind the fault proxy (the "front"), which also answers CloudTrail's ListPublicKeys once
 * a scenario publishes its keys (test/support/cloudtrail-scenarios.ts). Read `.endpoint` (the
 * front's) inside tests.
 */
export function useCloudTrailFront(): {
  readonly endpoint: string;
  readonly proxy: FaultProxy;
  readonly emulator: Emulator;
} {
  const moto = useMoto();
  const proxy = useFaultProxy(moto);
  return {
    get endpoint() {
      return proxy.endpoint;
    },
    proxy,
    emulator: moto,
  };
}
