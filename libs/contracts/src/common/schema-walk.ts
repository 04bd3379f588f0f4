import type { z } from 'zod';

/** One step into a value: an object's key, any element of an array, any value or key of a record. */
export type PathStep = { key: string } | { element: true } | { recordValue: true } | { recordKey: true };

export interface SchemaLeaf {
  path: PathStep[];
  schema: z.ZodType;
}

export interface SchemaLeaves {
  /** Every string schema a value may hold, with where it sits. */
  strings: SchemaLeaf[];
  /** Where a schema takes anything (unknown, any, a custom check): another schema must read it later. */
  opaque: SchemaLeaf[];
}

type Def = z.core.$ZodTypeDef & Record<string, unknown>;

/**
 * The string schemas and the opaque places of a schema, as far as an input can reach: a
 * pipe is read on its input side, a lazy schema once. The contracts spec and the tests
 * that send hostile text to every route are generated from this.
 */
export function schemaLeaves(schema: z.ZodType): SchemaLeaves {
  const leaves: SchemaLeaves = { strings: [], opaque: [] };
  // The schemas being walked above this one: a lazy schema that holds itself is read once.
  const above = new Set<z.ZodType>();
  const visit = (node: z.ZodType, path: PathStep[]): void => {
    if (above.has(node)) return;
    above.add(node);
    walk(node, path);
    above.delete(node);
  };
  const walk = (node: z.ZodType, path: PathStep[]): void => {
    const def = node._zod.def as Def;
    const inner = (child: unknown, step?: PathStep) => visit(child as z.ZodType, step ? [...path, step] : path);
    switch (def.type) {
      case 'string':
        leaves.strings.push({ path, schema: node });
        break;
      case 'object':
        for (const [key, child] of Object.entries(def.shape as Record<string, z.ZodType>)) inner(child, { key });
        if (def.catchall && (def.catchall as z.ZodType)._zod.def.type !== 'never') inner(def.catchall, { key: '*' });
        break;
      case 'array':
        inner(def.element, { element: true });
        break;
      case 'record':
        inner(def.keyType, { recordKey: true });
        inner(def.valueType, { recordValue: true });
        break;
      case 'tuple':
        (def.items as z.ZodType[]).forEach((item, index) => inner(item, { key: String(index) }));
        if (def.rest) inner(def.rest, { element: true });
        break;
      case 'union':
        for (const option of def.options as z.ZodType[]) inner(option);
        break;
      case 'intersection':
        inner(def.left);
        inner(def.right);
        break;
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'nonoptional':
      case 'readonly':
      case 'catch':
        inner(def.innerType);
        break;
      case 'pipe':
        inner(def.in);
        break;
      case 'lazy':
        inner((def.getter as () => z.ZodType)());
        break;
      case 'unknown':
      case 'any':
      case 'custom':
        leaves.opaque.push({ path, schema: node });
        break;
      default:
        // numbers, booleans, enums, literals, dates, null: nothing a text can hide in.
        break;
    }
  };
  visit(schema, []);
  return leaves;
}

/** A path as validation errors name it: `fields[0].label`, `keys.*` for any record key. */
export function pathName(path: PathStep[]): string {
  let name = '';
  for (const step of path) {
    if ('key' in step) name += name ? `.${step.key}` : step.key;
    else if ('element' in step) name += '[0]';
    else name += name ? '.*' : '*';
  }
  return name || '(root)';
}
