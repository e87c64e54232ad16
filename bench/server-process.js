'use strict';
// Starts one benchmark server (server.js) pinned to the server core and wraps its IPC channel.
const { spawn } = require('node:child_process');
const path = require('node:path');
const { SERVER_CORE, pinnedNode } = require('./pin');

const START_TIMEOUT_MS = 60_000;

/**
 * @param config { adapter, app, mode, database }
 * @param [diagnosis] { nodeFlags: extra Node flags, quiet: drop the server's stdout } (bench/deopts.js has V8
 *   trace deoptimizations this way, and drops the trace lines V8 still prints to stdout)
 * @returns {Promise<{ port, heapUsed(): Promise<number>, cpuMicros(): Promise<number>,
 *   startProfile(): Promise<void>, stopProfile(file): Promise<void>, stop(): Promise<void> }>}
 */
function startServer(config, diagnosis = {}) {
  const nodeFlags = [...extraNodeFlags(), ...(diagnosis.nodeFlags ?? [])];
  // --expose-gc: the heap figures are taken after forced collections, so they show retained memory only.
  const [command, args] = pinnedNode(SERVER_CORE, [...nodeFlags, '--expose-gc', path.join(__dirname, 'server.js'), JSON.stringify(config)]);
  // The IPC channel survives taskset's exec: the fd and NODE_CHANNEL_FD are inherited.
  const child = spawn(command, args, { stdio: ['ignore', diagnosis.quiet ? 'ignore' : 'inherit', 'inherit', 'ipc'] });
  const pending = new Map();
  let nextId = 1;

  const ask = (type, extra = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ ...extra, id, type });
    });

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`server ${describe(config)} did not start within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const error = new Error(`server ${describe(config)} exited with ${signal ?? code}`);
      for (const { reject: fail } of pending.values()) fail(error);
      reject(error);
    });
    child.on('message', (message) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve({
          port: message.port,
          heapUsed: () => ask('heap').then((answer) => answer.heapUsed),
          memory: () => ask('memory').then(({ heapUsed, rss }) => ({ heapUsed, rss })),
          toggle: (mode) => ask('toggle', { mode }).then(() => undefined),
          cpuMicros: () => ask('cpu').then((answer) => answer.cpuMicros),
          startProfile: () => ask('profile-start').then(() => undefined),
          stopProfile: (file) => ask('profile-stop', { file }).then(() => undefined),
          stop: () => stop(child),
        });
        return;
      }
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      if (message.error) waiter.reject(new Error(message.error));
      else waiter.resolve(message);
    });
  });
}

/** Closing the IPC channel makes the server close its app and exit (see server.js). */
function stop(child) {
  // Already gone: exited on its own (exitCode) or killed by a signal (signalCode, exitCode stays null).
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    if (child.connected) child.disconnect();
    else child.kill();
  });
}

/**
 * Node flags for the server processes from `BENCH_NODE_FLAGS`, space-separated, for diagnosis only: say
 * `--perf-basic-prof` to read a server with Linux perf, or `--no-turbo-inlining` to see whether a difference
 * comes from V8's inlining. Both servers of a pair get them.
 */
function extraNodeFlags() {
  const flags = process.env.BENCH_NODE_FLAGS;
  return flags ? flags.trim().split(/\s+/) : [];
}

function describe(config) {
  return `${config.adapter}/${config.app}${config.mode ? `/${config.mode}` : ''}`;
}

module.exports = { startServer };
