type Json = Record<string, unknown>;

const schemaRef = /"\$ref":"#\/components\/schemas\/([^"]+)"/g;

/**
 * Drops the schemas nothing refers to. Query and path schemas are converted whole, then
 * described parameter by parameter, so the object schema that held them is left unused.
 */
export function withoutUnusedSchemas(document: Json): Json {
  const components = document.components as { schemas: Record<string, Json> };
  const { schemas } = components;
  const used = new Set<string>();
  const pending = [...JSON.stringify({ ...document, components: { ...components, schemas: {} } }).matchAll(schemaRef)].map((match) => match[1]);
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (used.has(name) || !schemas[name]) continue;
    used.add(name);
    for (const match of JSON.stringify(schemas[name]).matchAll(schemaRef)) pending.push(match[1]);
  }
  components.schemas = Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)));
  return document;
}
