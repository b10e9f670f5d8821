#!/usr/bin/env node
// Entry point for the installed `selfcheck` command: runs the TypeScript CLI through tsx.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli.ts');
