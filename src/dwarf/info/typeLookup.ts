// Types by name, for casts and `ptype NAME` in watch expressions: `int`, `counter_t`,
// `struct point`, `enum color`, `geo::Shape`. Searches file-level and namespace-level DIEs.
import * as C from './dwarfConstants';
import type { DwarfInfo } from './dwarfInfo';
import { DwarfType, qualifiedName, typeFromDie } from './dwarfType';
import type { Die } from './unit';

const tagKeywords: ReadonlyMap<number, string> = new Map([
  [C.DW_TAG_structure_type, 'struct'], [C.DW_TAG_union_type, 'union'], [C.DW_TAG_class_type, 'class'], [C.DW_TAG_enumeration_type, 'enum'],
]);
const namedTypeTags = new Set([C.DW_TAG_base_type, C.DW_TAG_typedef, C.DW_TAG_unspecified_type, ...tagKeywords.keys()]);
const indexes = new WeakMap<DwarfInfo, Map<string, Die[]>>();

/**
 * The type named `name` (C spelling: `struct point`, or a bare tag, typedef or base type name),
 * preferring a complete definition over a declaration. Undefined when no unit defines it.
 */
export function findType(info: DwarfInfo, name: string): DwarfType | undefined {
  const candidates = index(info).get(name.replace(/\s+/g, ' ').trim()) ?? [];
  const complete = candidates.find((die) => !die.flag(C.DW_AT_declaration)) ?? candidates[0];
  return complete ? typeFromDie(complete) : undefined;
}

function index(info: DwarfInfo): Map<string, Die[]> {
  let byName = indexes.get(info);
  if (!byName) {
    byName = new Map();
    const add = (key: string, die: Die): void => {
      const list = byName?.get(key);
      if (list) list.push(die);
      else byName?.set(key, [die]);
    };
    const visit = (parent: Die): void => {
      for (const die of parent.children) {
        if (die.tag === C.DW_TAG_namespace) visit(die);
        if (!namedTypeTags.has(die.tag)) continue;
        const name = qualifiedName(die);
        if (!name) continue;
        const keyword = tagKeywords.get(die.tag);
        add(keyword ? `${keyword} ${name}` : name, die);
        // C++ (and GDB) also accept a struct/class/union/enum by its bare name.
        if (keyword) add(name, die);
      }
    };
    for (const unit of [...info.units, ...info.typeUnits]) visit(unit.root);
    indexes.set(info, byName);
  }
  return byName;
}
