import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

/**
 * Converts zod schemas to JSON Schema for the OpenAPI document, hoisting every schema that
 * has an `id` into `components.schemas` so each shape is described once.
 */
export class SchemaCollector {
  readonly components: Record<string, JsonSchema> = {};

  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const {
      $schema: _dialect,
      $defs = {},
      ...root
    } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema & {
      $defs?: Record<string, JsonSchema>;
    };
    const names = new Map<string, string>();
    for (const [id, definition] of Object.entries($defs)) names.set(id, this.nameFor(id, rewriteRefs(definition, new Map())));
    for (const [id, definition] of Object.entries($defs)) this.components[names.get(id)!] = rewriteRefs(definition, names);
    return rewriteRefs(root, names);
  }

  /** The same id may differ between request (input) and reply (output): keep both, named apart. */
  private nameFor(id: string, definition: JsonSchema): string {
    for (const name of [id, `${id}.input`]) {
      const existing = this.components[name];
      if (!existing || JSON.stringify(existing) === JSON.stringify(definition)) return name;
    }
    throw new Error(`schema id ${id} has more than two shapes`);
  }
}

function rewriteRefs(value: JsonSchema, names: Map<string, string>): JsonSchema {
  return JSON.parse(
    JSON.stringify(value, (key, inner: unknown) => {
      if (key === '$ref' && typeof inner === 'string' && inner.startsWith('#/$defs/')) {
        const id = inner.slice('#/$defs/'.length);
        return `#/components/schemas/${names.get(id) ?? id}`;
      }
      return inner;
    }),
  ) as JsonSchema;
}
