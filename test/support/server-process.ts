/**
 * Runs the service the way `npm start` and the Docker image do — `node dist/src/server.js` —
 * as a child process, and finds its port from the start-up log line.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectPath } from '../../src/project-root.js';

export interface RunningServer {
  child: ChildProcessWithoutNullStreams;
  baseUrl: string;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

export function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const child = spawn(process.execPath, [projectPath('dist', 'src', 'server.js')], {
    cwd: projectPath(),
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', FEEDBACK_DB_PATH: scratchDb(), ...env },
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /"port":(\d+)/.exec(output);
      if (m && output.includes('listening')) {
        clearTimeout(timer);
        resolve({
          child,
          baseUrl: `http://127.0.0.1:${m[1]}`,
          output: () => output,
          stop: (signal = 'SIGTERM') => {
            child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${output}`));
    });
  });
}

/** Run the server expecting it to refuse to start; resolves with its exit code and output. */
export function runToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [projectPath('dist', 'src', 'server.js')], { cwd: projectPath(), env: { PATH: process.env.PATH ?? '', FEEDBACK_DB_PATH: scratchDb(), ...env } });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

/** A fresh SQLite path outside the repository, so test runs leave no data/ behind. */
function scratchDb(): string {
  return join(mkdtempSync(join(tmpdir(), 'netcds-proc-')), 'netcds.sqlite');
}
