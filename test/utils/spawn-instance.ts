import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** An app instance running in a process of its own. */
export interface Instance {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts test/app/instance-server.js (the compiled library) with the given environment and resolves
 * once it listens. The schema must already exist (it runs with synchronize: false, like production).
 */
export function spawnInstance(env: Record<string, string | undefined>, timeoutMs = 30_000): Promise<Instance> {
  const child = spawn(process.execPath, [join(__dirname, '..', 'app', 'instance-server.js')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`instance did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`instance exited with ${code}: ${stderr}`));
    });
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const { port } = JSON.parse(line);
      resolve({
        url: `http://127.0.0.1:${port}`,
        process: child,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
            child.once('exit', () => {
              clearTimeout(kill);
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
