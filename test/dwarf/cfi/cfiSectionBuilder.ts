// Test helper: builds .debug_frame / .eh_frame bytes (CIEs and FDEs) with ByteBuilder, so unit
// tests state each entry's fields and instructions in spec order. Tests only.
import { ByteBuilder } from '../../helpers/byteBuilder';

export interface CieFields {
  readonly label: string;
  readonly version?: number;
  readonly augmentation?: string;
  /** Bytes of the augmentation data (after the 'z' length), written as given. */
  readonly augmentationData?: number[];
  readonly codeAlignmentFactor?: number;
  readonly dataAlignmentFactor?: number;
  readonly returnAddressRegister?: number;
  readonly addressSize?: number;
  readonly segmentSelectorSize?: number;
  readonly instructions?: number[];
}

export interface FdeFields {
  readonly cie: string;
  /** Written by the caller in the section's encoding (address-size for .debug_frame). */
  readonly writeAddresses: (b: ByteBuilder) => void;
  readonly augmentationData?: number[];
  readonly instructions?: number[];
}

/** A section under construction; `eh` selects .eh_frame's CIE id and CIE pointer rules. */
export class CfiSectionBuilder {
  readonly b = new ByteBuilder();
  private count = 0;

  constructor(
    readonly eh: boolean,
    readonly format: 32 | 64 = 32,
  ) {}

  cie(fields: CieFields): this {
    const end = `end${this.count++}`;
    this.b.label(fields.label);
    this.length(end);
    if (this.eh) this.b.u32(0);
    else if (this.format === 64) this.b.u64(-1n);
    else this.b.u32(0xffff_ffff);
    const version = fields.version ?? (this.eh ? 1 : 3);
    const augmentation = fields.augmentation ?? '';
    this.b.u8(version).cString(augmentation);
    if (version >= 4) this.b.u8(fields.addressSize ?? 4, fields.segmentSelectorSize ?? 0);
    this.b.uleb(fields.codeAlignmentFactor ?? 2).sleb(fields.dataAlignmentFactor ?? -4);
    if (version === 1) this.b.u8(fields.returnAddressRegister ?? 14);
    else this.b.uleb(fields.returnAddressRegister ?? 14);
    if (augmentation.startsWith('z')) this.b.uleb(fields.augmentationData?.length ?? 0).raw(fields.augmentationData ?? []);
    this.b.raw(fields.instructions ?? []).label(end);
    return this;
  }

  fde(fields: FdeFields): this {
    const end = `end${this.count++}`;
    this.length(end);
    if (this.eh) {
      // CIE pointer: distance from this field back to the CIE.
      const field = this.b.length;
      this.b.u32(field - this.b.offsetOf(fields.cie));
    } else if (this.format === 64) {
      this.b.u64(this.b.offsetOf(fields.cie));
    } else {
      this.b.u32(this.b.offsetOf(fields.cie));
    }
    fields.writeAddresses(this.b);
    if (fields.augmentationData) this.b.uleb(fields.augmentationData.length).raw(fields.augmentationData);
    this.b.raw(fields.instructions ?? []).label(end);
    return this;
  }

  build(): Uint8Array {
    return this.b.build();
  }

  private length(end: string): void {
    if (this.format === 64) {
      this.b.u32(0xffff_ffff);
      // 64-bit length: the 8 bytes after the escape, up to the end label.
      this.b.ref(end, 4, this.b.length + 8).u32(0);
    } else {
      this.b.unitLength(end);
    }
  }
}
