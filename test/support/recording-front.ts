/**
 * The emulator's recording front (the fault proxy with an ActionRecorder) in a process of its own, started by
 * test/support/emulator.ts: a test that blocks its own event loop (spawnSync of the CLI) still reaches moto through
 * it. Its parent asks for the recorded actions, or clears them, over the IPC channel. Arguments: the moto endpoint.
 */
import { FaultProxy } from '../../src/demo/fault-proxy';
import { ActionRecorder } from '../../src/demo/iam-actions';

const upstream = process.argv[2] ?? '';
const recorder = new ActionRecorder();
const front = new FaultProxy(() => upstream, { recorder });
const send = (message: unknown): void => {
  process.send?.(message);
};

void front.start().then(() => send({ type: 'ready', endpoint: front.endpoint }));
process.on('message', (message: { type: 'recorded' | 'clear'; id: number }) => {
  if (message.type === 'clear') recorder.clear();
  send({ type: 'recorded', id: message.id, actions: [...recorder.actions], objectArns: [...recorder.objectArns] });
});
process.on('disconnect', () => {
  void front.stop().finally(() => process.exit(0));
});
