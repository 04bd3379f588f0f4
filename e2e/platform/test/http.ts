import assert from 'node:assert/strict';
import type { z } from 'zod';

/** The answer a route's reply schema from the contracts describes: `http<Reply<typeof DockingPage>>`. */
export type Reply<Schema extends z.ZodType> = z.output<Schema>;

export interface HttpAnswer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export async function http<T = any>(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer<T>> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** Asserts an RFC 9457 answer with the given status and code, and returns its body. */
export function assertProblem(answer: HttpAnswer, status: number, code: string) {
  assert.equal(answer.status, status, `expected ${status} ${code}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  assert.match(answer.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(answer.body.code, code);
  assert.equal(answer.body.status, status);
  assert.equal(answer.body.type, `/problems/${code}`);
  assert.equal(typeof answer.body.title, 'string');
  return answer.body as { detail?: string; traceId?: string; errors?: { in: string; field: string; message: string }[] };
}
