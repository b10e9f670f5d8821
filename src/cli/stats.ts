/** `selfcheck stats [--from YYYY-MM-DDTHH] [--to YYYY-MM-DDTHH]`: the hourly aggregate statistics as CSV on standard output. */
import { parseArgs } from 'node:util';
import type { CommandMain } from './context.ts';
import { StatsStore } from '../stats/store.ts';
import { statsToCsv } from '../stats/csv.ts';

export const main: CommandMain = async (argv, ctx) => {
  const { values } = parseArgs({
    args: argv,
    options: { from: { type: 'string' }, to: { type: 'string' } },
    strict: true,
  });
  const store = await StatsStore.open(ctx.config().general.dataDir);
  process.stdout.write(
    statsToCsv(store.hours(), {
      ...(values.from ? { from: values.from } : {}),
      ...(values.to ? { to: values.to } : {}),
    }),
  );
  return 0;
};
