/** `selfcheck run`: start the station with its configured role and print the kiosk URL; stop on SIGINT/SIGTERM. */
import type { CommandMain } from './context.ts';
import { UsageError } from './context.ts';
import { startService } from '../service.ts';

export const main: CommandMain = async (argv, ctx) => {
  if (argv.length > 0) throw new UsageError(`run takes no arguments (got "${argv.join(' ')}")`);
  const svc = await startService(ctx.config());
  ctx.out(`kiosk: ${svc.url}`);
  if (svc.simUrl) ctx.out(`simulator panel: ${svc.simUrl}`);
  await new Promise<void>((resolve) => {
    const onSig = (): void => {
      process.off('SIGINT', onSig);
      process.off('SIGTERM', onSig);
      resolve();
    };
    process.on('SIGINT', onSig);
    process.on('SIGTERM', onSig);
  });
  await svc.stop();
  return 0;
};
