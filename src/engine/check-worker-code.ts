/**
 * The code a --checks-dir worker thread runs, as plain JavaScript given to
 * `new Worker(code, { eval: true })`. Being a string, it runs the same from the compiled CLI
 * (dist/) and under ts-jest (src/*.ts), with no worker file to locate next to this one.
 *
 * It answers one task given in workerData, posting messages (see WorkerMessage in
 * check-worker.ts):
 * - { task: 'load', files }: for each file, 'loading' then 'loaded' (what the module exports)
 *   or 'load-failed'; finally 'done'.
 * - { task: 'evaluate', file, inventory, options }: 'loaded' (or 'load-failed'), then
 *   'results', 'threw' or 'returned-promise'.
 *
 * The module's check is picked as registry.ts always did: exports.check, default.check,
 * default, or the module itself.
 */
export const CHECK_WORKER_CODE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');

const post = (message) => parentPort.postMessage(message);
const messageOf = (error) => (error instanceof Error ? error.message : String(error));
const firstLine = (text) => text.split('\n')[0];

function loadModule(file) {
  return file.endsWith('.mjs') ? import(pathToFileURL(file).href) : Promise.resolve(require(file));
}

function checkOf(loaded) {
  const exported = loaded ?? {};
  return exported.check ?? exported.default?.check ?? exported.default ?? exported;
}

// What the main thread needs to validate the check: its metadata as plain JSON.
function describe(check) {
  const isObject = typeof check === 'object' && check !== null;
  const metaIsObject = isObject && typeof check.meta === 'object';
  let meta;
  try {
    meta = metaIsObject ? JSON.parse(JSON.stringify(check.meta)) : undefined;
  } catch (error) {
    meta = undefined;
  }
  return { isObject, hasEvaluate: isObject && typeof check.evaluate === 'function', metaIsObject: metaIsObject && meta !== undefined, meta };
}

async function loadAll(files) {
  for (let index = 0; index < files.length; index += 1) {
    post({ type: 'loading', index });
    let loaded;
    try {
      loaded = await loadModule(files[index]);
    } catch (error) {
      post({ type: 'load-failed', index, message: firstLine(messageOf(error)) });
      return;
    }
    post({ type: 'loaded', index, exported: describe(checkOf(loaded)) });
  }
  post({ type: 'done' });
}

function isThenable(value) {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof value.then === 'function';
}

async function evaluate(file, inventory, options) {
  let check;
  try {
    check = checkOf(await loadModule(file));
  } catch (error) {
    post({ type: 'load-failed', index: 0, message: firstLine(messageOf(error)) });
    return;
  }
  post({ type: 'loaded', index: 0, exported: describe(check) });
  let returned;
  try {
    returned = check.evaluate(inventory, options);
  } catch (error) {
    post({ type: 'threw', message: messageOf(error) });
    return;
  }
  if (isThenable(returned)) {
    try {
      returned.then(undefined, () => undefined);
    } catch (error) {
      // A thenable whose then throws: nothing to wait for either way.
    }
    post({ type: 'returned-promise' });
    return;
  }
  try {
    post({ type: 'results', results: returned });
  } catch (error) {
    post({ type: 'threw', message: 'its results cannot be passed back from the worker thread: ' + firstLine(messageOf(error)) });
  }
}

if (workerData.task === 'load') void loadAll(workerData.files);
else void evaluate(workerData.file, workerData.inventory, workerData.options);
`;
