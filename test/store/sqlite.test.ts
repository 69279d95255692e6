/** The SQLite store against real database files (issue #7). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { storeContract } from './store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'netcds-sqlite-'));
let n = 0;

storeContract('SQLite', async () => new SqliteStore(join(dir, `db-${++n}`, 'netcds.sqlite')));
