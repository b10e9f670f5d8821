/**
 * Structured mutations of JSON values (for surfaces that parse JSON before they validate it): replace, delete or add
 * one value anywhere in the tree, with values chosen to trip validators (huge numbers, regex syntax, prototype keys).
 */
import type { Rng } from './prng.ts';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

// Config words, kiosk action words, a sample UID and card number, regex syntax, a long string.
export const STRINGS = [
  '',
  ' ',
  '(',
  '[a-',
  '*',
  '^$',
  'kiosk',
  'gate',
  'sim',
  '127.0.0.1',
  '::1',
  '0',
  '-1',
  '1e9',
  'x'.repeat(300),
  'en',
  'es',
  'card',
  'pin',
  'start',
  'done',
  'print',
  'E004015000000001',
  '21234000000001',
  '\u0000',
  '%00',
  '../',
];
export const NUMBERS = [0, -1, 1, 0.5, 65535, 65536, 1e308, -1e308, 2 ** 53, 3.7];
const KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'unknownKey',
  '',
  'port',
  'role',
  'type',
  'value',
  'uid',
  'itemId',
  'itemIds',
  'language',
  'choice',
  'user',
  'password',
  'writes',
  'overwrite',
];

export function randomValue(rng: Rng, depth = 0): Json {
  switch (rng.int(depth > 2 ? 4 : 6)) {
    case 0:
      return rng.pick(STRINGS);
    case 1:
      return rng.pick(NUMBERS);
    case 2:
      return rng.chance(0.5);
    case 3:
      return null;
    case 4:
      return Array.from({ length: rng.int(4) }, () => randomValue(rng, depth + 1));
    default: {
      const o: { [k: string]: Json } = {};
      for (let i = rng.int(4); i > 0; i--) o[rng.pick(KEYS)] = randomValue(rng, depth + 1);
      return o;
    }
  }
}

/** Replaces, deletes or adds one value somewhere in the tree (a walk from the root that stops at random). */
export function mutateTree(rng: Rng, root: Json): Json {
  if (root === null || typeof root !== 'object' || rng.chance(0.05)) return randomValue(rng);
  let node: Json[] | { [k: string]: Json } = root;
  for (;;) {
    const keys = Object.keys(node);
    if (keys.length === 0 || rng.chance(0.15)) {
      if (Array.isArray(node)) node.push(randomValue(rng));
      else node[rng.chance(0.5) ? rng.pick(KEYS) : rng.pick(STRINGS)] = randomValue(rng);
      return root;
    }
    const k = rng.pick(keys);
    const child = (node as { [k: string]: Json })[k]!;
    if (child !== null && typeof child === 'object' && rng.chance(0.7)) {
      node = child;
      continue;
    }
    if (rng.chance(0.2)) delete (node as { [k: string]: Json })[k];
    else (node as { [k: string]: Json })[k] = rng.chance(0.3) ? (JSON.stringify(child) ?? '') : randomValue(rng);
    return root;
  }
}
