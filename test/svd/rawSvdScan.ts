// A deliberately naive reading of raw SVD XML, independent of src/svd, that tests compare the
// parser's model with. Handles what the four real files use: derivedFrom peripherals and dim
// registers (no clusters).

/** A register as the raw XML places it. */
export interface ScannedRegister {
  readonly name: string;
  readonly address: number;
  readonly fieldCount: number;
}

/**
 * Peripherals by regex, their registers and fields by counting tags, derivedFrom peripherals
 * taking their base's registers when they list none, and `dim` registers expanded by dimIncrement.
 */
export function scanSvd(xml: string): Map<string, ScannedRegister[]> {
  const text = xml.replace(/<!--[\s\S]*?-->/g, '');
  const raw = new Map<string, { base: number; derivedFrom?: string; registers?: string }>();
  for (const m of text.matchAll(/<peripheral(?:\s+derivedFrom="([^"]+)")?\s*>([\s\S]*?)<\/peripheral>/g)) {
    const body = m[2];
    const name = /<name>\s*([^<\s]+)\s*<\/name>/.exec(body)![1];
    const base = Number(/<baseAddress>\s*([^<\s]+)\s*<\/baseAddress>/.exec(body)![1]);
    raw.set(name, { base, derivedFrom: m[1], registers: /<registers>([\s\S]*)<\/registers>/.exec(body)?.[1] });
  }
  const result = new Map<string, ScannedRegister[]>();
  for (const [name, p] of raw) {
    const registersText = p.registers ?? raw.get(p.derivedFrom ?? '')?.registers ?? '';
    const registers: ScannedRegister[] = [];
    for (const r of registersText.matchAll(/<register>([\s\S]*?)<\/register>/g)) {
      const body = r[1];
      const regName = /<name>\s*([^<\s]+)\s*<\/name>/.exec(body)![1];
      const offset = Number(/<addressOffset>\s*([^<\s]+)\s*<\/addressOffset>/.exec(body)![1]);
      const fieldCount = (body.match(/<field>/g) ?? []).length;
      const dim = /<dim>\s*(\d+)\s*<\/dim>/.exec(body);
      const step = Number(/<dimIncrement>\s*([^<\s]+)\s*<\/dimIncrement>/.exec(body)?.[1] ?? 0);
      for (let i = 0; i < (dim === null ? 1 : Number(dim[1])); i++) {
        registers.push({ name: regName.replace('%s', String(i)), address: p.base + offset + i * step, fieldCount });
      }
    }
    result.set(name, registers);
  }
  return result;
}

/** Peripheral, register and field counts of a scan. */
export function scannedCounts(scanned: Map<string, ScannedRegister[]>): { peripherals: number; registers: number; fields: number } {
  const registers = [...scanned.values()].flat();
  return { peripherals: scanned.size, registers: registers.length, fields: registers.reduce((n, r) => n + r.fieldCount, 0) };
}

/** Register elements that may appear once only (SVD 1.3 register), to spot repeats in the raw text. */
const singleRegisterTags = [
  'name', 'displayName', 'description', 'alternateGroup', 'alternateRegister', 'addressOffset', 'size', 'access',
  'protection', 'resetValue', 'resetMask', 'dataType', 'modifiedWriteValues', 'readAction', 'fields',
];

/**
 * The warnings a tolerant parser owes for the two vendor mistakes the real files have: several
 * interrupts in one <interrupt>, and an element repeated in a <register>. As `path: message`.
 */
export function expectedWarnings(xml: string): string[] {
  const text = xml.replace(/<!--[\s\S]*?-->/g, '');
  const warnings: string[] = [];
  for (const m of text.matchAll(/<peripheral(?:\s+derivedFrom="[^"]+")?\s*>([\s\S]*?)<\/peripheral>/g)) {
    const body = m[1];
    const peripheral = /<name>\s*([^<\s]+)\s*<\/name>/.exec(body)![1];
    for (const irq of body.matchAll(/<interrupt>([\s\S]*?)<\/interrupt>/g)) {
      const names = [...irq[1].matchAll(/<name>\s*([^<\s]+)\s*<\/name>/g)].map((n) => n[1]);
      if (names.length > 1) warnings.push(`${peripheral}: one <interrupt> holds ${names.length} interrupts (${names.join(', ')}); read as ${names.length}`);
    }
    for (const r of body.matchAll(/<register>([\s\S]*?)<\/register>/g)) {
      const own = r[1].replace(/<fields>[\s\S]*<\/fields>/, '<fields/>');
      const register = /<name>\s*([^<\s]+)\s*<\/name>/.exec(own)![1];
      for (const tag of singleRegisterTags) {
        if ((own.match(new RegExp(`<${tag}[ >/]`, 'g')) ?? []).length > 1) {
          warnings.push(`${peripheral}/${register}: <${tag}> repeated in <register>; the first one is used`);
        }
      }
    }
  }
  return warnings;
}
