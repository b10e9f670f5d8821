import type { CommandMain } from './context.ts';

/** `selfcheck config`: validates the configuration (exit 2 naming the key when bad) and prints it as JSON. */
export const main: CommandMain = async (_argv, ctx) => {
  ctx.out(JSON.stringify(ctx.config(), null, 2));
  return 0;
};
