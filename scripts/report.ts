/**
 * The override report (npm run report [-- --from YYYY-MM-DD --to YYYY-MM-DD --json]): per rule
 * id, cards issued, accepted, overridden, the override rate and the top override reasons, read
 * from the configured store (DATABASE_URL, else FEEDBACK_DB_PATH).
 */
import { loadStoreConfig } from '../src/config.js';
import { openStore } from '../src/store/index.js';
import { formatReportTable, parseReportArgs } from '../src/store/report-format.js';

async function main(): Promise<void> {
  let args;
  try {
    args = parseReportArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  const store = await openStore({ store: loadStoreConfig() });
  try {
    const rules = await store.report(args.range);
    process.stdout.write(args.json ? `${JSON.stringify({ ...args.range, rules }, null, 2)}\n` : formatReportTable(rules, args.range));
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`report failed: ${(err as Error).message}\n`);
  process.exit(1);
});
