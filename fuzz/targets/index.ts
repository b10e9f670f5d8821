/**
 * Every fuzz target, one module per input surface. Each module is imported dynamically: a surface whose code
 * is not in the tree yet (a driver being written) is skipped with a printed note instead of failing the run.
 */
import type { Target } from '../harness.ts';

const MODULES: Array<[file: string, load: () => Promise<Record<string, unknown>>]> = [
  ['sip2', () => import('./sip2.ts')],
  ['readers', () => import('./readers.ts')],
  ['tags', () => import('./tags.ts')],
  ['config', () => import('./config.ts')],
  ['http', () => import('./http.ts')],
];

function isTarget(v: unknown): v is Target {
  return typeof v === 'object' && v !== null && 'name' in v && 'run' in v && 'generate' in v;
}

export async function loadTargets(note: (msg: string) => void = console.log): Promise<Target[]> {
  const out: Target[] = [];
  for (const [file, load] of MODULES) {
    try {
      out.push(...Object.values(await load()).filter(isTarget));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ERR_MODULE_NOT_FOUND') throw err;
      note(`note: fuzz targets in ${file}.ts skipped: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  return out;
}
