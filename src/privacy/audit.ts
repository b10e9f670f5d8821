/** The privacy audit report: the declared data inventory plus the live controls, in the shared schema's shape. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Config } from '../config/index.ts';
import { dataElements, flows } from './elements.ts';
import { runChecks, type CheckOptions, type Control } from './checks.ts';

export interface PrivacyReport {
  schema_version: 1;
  generated_at: string;
  device: { kiosk_id: string; branch: string; software_version: string; config_hash: string };
  policy_refs: string[];
  data_elements: typeof dataElements;
  flows: typeof flows;
  controls: Control[];
}

export function softwareVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function buildReport(cfg: Config, opts: CheckOptions = {}): PrivacyReport {
  return {
    schema_version: 1,
    generated_at: new Date(opts.now ?? Date.now()).toISOString(),
    device: {
      kiosk_id: cfg.general.stationId,
      branch: cfg.sip2.location,
      software_version: softwareVersion(),
      config_hash: `sha256:${createHash('sha256').update(JSON.stringify(cfg)).digest('hex')}`,
    },
    policy_refs: [
      'Library Patron Privacy & Confidentiality Policy (sections A, D, F, G, I)',
      'ALA RFID in Libraries: Privacy and Confidentiality Guidelines',
      'NISO RP-6 / ISO 28560-2 (item data only on tags)',
    ],
    data_elements: dataElements,
    flows,
    controls: runChecks(cfg, opts),
  };
}

export function reportToText(r: PrivacyReport): string {
  const lines = [
    `Privacy audit of station ${r.device.kiosk_id} (${r.device.branch}), software ${r.device.software_version}, ${r.generated_at}`,
    `Configuration ${r.device.config_hash}`,
    '',
    'DATA THE STATION HANDLES',
  ];
  for (const e of r.data_elements) {
    lines.push(`- ${e.id} [${e.classification}]: ${e.what}`);
    lines.push(`    why: ${e.why}; source: ${e.source}; who: ${e.who.join(', ')}`);
    lines.push(`    where: ${e.where.map((w) => `${w.store} (${w.medium}${w.path ? ` ${w.path}` : ''})`).join(', ')}`);
    lines.push(`    kept: ${e.retention.max} (${e.retention.trigger}; enforced by ${e.retention.enforced_by})`);
    lines.push(
      `    protection: at rest ${e.encryption.at_rest}; in transit ${e.encryption.in_transit}; leaves the device: ${e.leaves_device ? 'yes' : 'no'}`,
    );
  }
  lines.push('', 'FLOWS');
  for (const f of r.flows)
    lines.push(`- ${f.from} -> ${f.to} over ${f.protocol} (${f.protection}): ${f.elements.join(', ')}`);
  lines.push('', 'CHECKS');
  for (const c of r.controls)
    lines.push(`- [${c.result.toUpperCase()}] ${c.assertion}${c.evidence ? ` (${c.evidence})` : ''}`);
  const failed = r.controls.filter((c) => c.result === 'fail').length;
  lines.push('', failed ? `${failed} check(s) FAILED` : 'All checks that ran passed.');
  return `${lines.join('\n')}\n`;
}
