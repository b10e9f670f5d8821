/**
 * Secrets (SIP2 password, terminal password, keys) never live in the config file itself:
 * they are read from a file named in the config, or from systemd's credentials directory
 * (LoadCredential= / LoadCredentialEncrypted=), which only this service can read.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SelfcheckError } from '../errors.ts';

/**
 * Reads one secret. `explicitFile` wins; otherwise `$CREDENTIALS_DIRECTORY/<credential>`.
 * Returns undefined when neither exists; a file that exists but cannot be read is an error.
 */
export function readSecret(
  credential: string,
  explicitFile: string | undefined,
  configKey: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const credDir = env['CREDENTIALS_DIRECTORY'];
  const path = explicitFile ?? (credDir ? join(credDir, credential) : undefined);
  if (path === undefined) return undefined;
  try {
    // One trailing newline is an editor artefact, not part of the secret.
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && explicitFile === undefined) return undefined;
    throw new SelfcheckError(
      'config',
      'secret_unreadable',
      `${configKey}: cannot read secret file ${path} (${code ?? 'error'})`,
      {
        key: configKey,
      },
    );
  }
}
