// The text of a Cortex-Debug import's report: per configuration, what was carried, what was not
// and why, and what is left to do. Pure: the command shows it in an output channel.
import type { CortexDebugConversion } from './cortexDebugImport';

/** A Cortex-Debug entry not imported because an entry of the imported name exists already. */
export interface SkippedImport {
  readonly sourceName: string;
  readonly existingName: string;
}

/** One report: `where` names the launch.json (e.g. the folder's path). */
export function formatImportReport(where: string, imported: readonly CortexDebugConversion[], skipped: readonly SkippedImport[]): string {
  const lines = [`Cortex-Debug import into ${where}: ${imported.length} imported, ${skipped.length} already imported.`];
  for (const conversion of imported) {
    lines.push('', `"${conversion.sourceName}" -> "${String(conversion.configuration.name)}" (${String(conversion.configuration.request)})`);
    for (const note of conversion.notes) lines.push(`  To do: ${note}`);
    lines.push(`  Carried: ${conversion.carried.map(({ attribute, as }) => (as === attribute ? attribute : `${attribute} -> ${as}`)).join('; ')}`);
    if (conversion.notCarried.length === 0) lines.push('  Not carried: nothing.');
    else lines.push('  Not carried:', ...conversion.notCarried.map(({ attribute, reason }) => `    ${attribute}: ${reason}`));
  }
  for (const skip of skipped) lines.push('', `"${skip.sourceName}": not imported again, "${skip.existingName}" exists already.`);
  return `${lines.join('\n')}\n`;
}
