/** The store the configuration asks for: PostgreSQL when DATABASE_URL is set, else the SQLite file. */
import type { Config } from '../config.js';
import { PostgresStore } from './postgres-store.js';
import { SqliteStore } from './sqlite-store.js';
import type { FeedbackStore } from './types.js';

export async function openStore(config: Pick<Config, 'store'>): Promise<FeedbackStore> {
  const store: FeedbackStore = config.store.databaseUrl ? new PostgresStore(config.store.databaseUrl) : new SqliteStore(config.store.sqlitePath);
  await store.migrate();
  return store;
}

export type { FeedbackStore } from './types.js';
