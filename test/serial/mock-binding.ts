/**
 * @serialport/binding-mock, typed. Its package.json has no "types" condition for ESM importers, so the types
 * are taken in require mode; the module itself is loaded through require (it ships CJS and ESM builds).
 */
import { createRequire } from 'node:module';
import type { MockBindingInterface } from '@serialport/binding-mock' with { 'resolution-mode': 'require' };

const require = createRequire(import.meta.url);
export const MockBinding = (require('@serialport/binding-mock') as { MockBinding: MockBindingInterface }).MockBinding;
