/** The PostgreSQL store against a real PostgreSQL server, a fresh database per case (issue #7). */
import { afterAll, beforeAll } from '@jest/globals';
import pg from 'pg';
import { PostgresStore } from '../../src/store/postgres-store.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';
import { storeContract } from './store-contract.js';

let server: TestPostgres;
let n = 0;

beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

storeContract('PostgreSQL', async () => {
  const name = `netcds_case_${++n}`;
  const admin = new pg.Client(server.url);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return new PostgresStore(server.url.replace(/\/netcds$/, `/${name}`));
});
