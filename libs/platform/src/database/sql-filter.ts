/** Escapes LIKE's wildcards (and its escape character), so searched text matches only itself. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

type FilterValue = string | number | null | undefined;

/**
 * A WHERE clause built from optional filters: a filter that is not given adds nothing, and
 * every value travels as a positional parameter, never inside the SQL text. Builders that
 * share one `params` list number their placeholders together, so one statement can hold
 * several of them (a filter on a CTE and one on its result, say).
 */
export class SqlFilter {
  private readonly clauses: string[] = [];

  constructor(readonly params: unknown[] = []) {}

  /** The placeholder of a value that is always sent (a LIMIT, say). */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** Adds the clause when the value is given; the clause receives the value's placeholder. */
  when(value: FilterValue, clause: (placeholder: string) => string): this {
    if (value !== undefined && value !== null && value !== '') this.clauses.push(clause(this.param(value)));
    return this;
  }

  equals(column: string, value: FilterValue): this {
    return this.when(value, (p) => `${column} = ${p}`);
  }

  /** Case-insensitive substring match of the text as written, wildcards included. */
  contains(column: string, text: string | null | undefined): this {
    return this.when(text ? `%${escapeLike(text)}%` : undefined, (p) => `${column} ILIKE ${p}`);
  }

  /** Adds a clause made of filters of its own (an EXISTS over a child table, say) when any of them is given. */
  nested(build: (inner: SqlFilter) => void, wrap: (conditions: string) => string): this {
    const inner = new SqlFilter(this.params);
    build(inner);
    if (inner.clauses.length > 0) this.clauses.push(wrap(inner.conditions));
    return this;
  }

  /** The filters joined by AND, or TRUE when none is given. */
  get conditions(): string {
    return this.clauses.length > 0 ? this.clauses.join(' AND ') : 'TRUE';
  }

  /** `WHERE ...`, or nothing when no filter is given. */
  get where(): string {
    return this.clauses.length > 0 ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}
