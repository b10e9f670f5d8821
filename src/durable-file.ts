/**
 * Durable small files in the data directory (offline queue, kiosk crash journal, inventory results): an atomic
 * replace survives kill -9 and power loss — temporary file, fsync, rename, fsync of the directory.
 */
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Makes a rename or unlink in `dir` durable. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Atomic replace of dir/name (mode 0600). */
export function writeFileDurably(dir: string, name: string, content: string): void {
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(dir, name));
  fsyncDir(dir);
}

async function fsyncDirAsync(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * The same atomic replace without blocking the event loop (the kiosk journal is on the checkout path); with
 * `content` undefined it deletes dir/name instead (missing is fine), also made durable by the directory fsync.
 */
export async function writeFileDurablyAsync(dir: string, name: string, content: string | undefined): Promise<void> {
  if (content === undefined) {
    await unlink(join(dir, name)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  } else {
    const tmp = join(dir, `.${name}.${process.pid}.tmp`);
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(content);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, join(dir, name));
  }
  await fsyncDirAsync(dir);
}
