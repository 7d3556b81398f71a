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
