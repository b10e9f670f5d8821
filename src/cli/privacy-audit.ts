/** `selfcheck privacy-audit [--json] [--log FILE ...] [--unit PATH]`: the data inventory and live privacy checks; exit 1 when a check fails. */
import { parseArgs } from 'node:util';
import type { CommandMain } from './context.ts';
import { buildReport, reportToText } from '../privacy/audit.ts';

export const main: CommandMain = async (argv, ctx) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      log: { type: 'string', multiple: true },
      unit: { type: 'string' },
    },
    strict: true,
  });
  const report = buildReport(ctx.config(), {
    logFiles: values.log ?? [],
    ...(values.unit ? { unitPath: values.unit } : {}),
  });
  ctx.out(values.json ? JSON.stringify(report, null, 2) : reportToText(report));
  return report.controls.some((c) => c.result === 'fail') ? 1 : 0;
};
