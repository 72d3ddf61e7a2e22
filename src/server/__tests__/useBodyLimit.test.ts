// useBodyLimit against Yoga's own maxRequestBodySize with the same limit: the same status and
// body for bodies under and over the limit, with and without Content-Length (chunked), and for
// a malformed Content-Length.
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useBodyLimit } from '../useBodyLimit.js';

const LIMIT = 100;
const schema = createSchema({ typeDefs: 'type Query { echo(text: String): String }', resolvers: { Query: { echo: (_root, args: { text?: string }) => args.text ?? null } } });
const yogas = {
  yoga: createYoga({ schema, logging: false, maxRequestBodySize: LIMIT }),
  useBodyLimit: createYoga({ schema, logging: false, maxRequestBodySize: false, plugins: [useBodyLimit(LIMIT)] }),
};

function streamOf(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      // Several chunks, as a chunked upload arrives.
      for (let at = 0; at < bytes.length; at += 16) controller.enqueue(bytes.subarray(at, at + 16));
      controller.close();
    },
  });
}

async function send(yoga: (typeof yogas)['yoga'], body: string, options: { chunked?: boolean; contentLength?: string } = {}): Promise<string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.contentLength !== undefined) headers['content-length'] = options.contentLength;
  const response = await yoga.fetch('http://shardgate.test/graphql', {
    method: 'POST',
    headers,
    body: options.chunked === true ? streamOf(body) : body,
    ...(options.chunked === true ? { duplex: 'half' } : {}),
  } as RequestInit);
  return `${response.status} ${await response.text()}`;
}

const small = JSON.stringify({ query: '{ echo(text: "hi") }' });
const large = JSON.stringify({ query: `{ echo(text: "${'x'.repeat(LIMIT)}") }` });

describe('useBodyLimit answers as Yoga’s own body limit does', () => {
  it.each([
    ['a small body', small, {}, 200],
    ['a body over the limit, with Content-Length', large, {}, 413],
    ['a small chunked body', small, { chunked: true }, 200],
    ['a chunked body over the limit', large, { chunked: true }, 413],
    ['a malformed Content-Length', small, { contentLength: '12, 12' }, 400],
    ['a negative Content-Length', small, { contentLength: '-1' }, 400],
  ] as const)('%s', async (_what, body, options, status) => {
    const expected = await send(yogas.yoga, body, options);
    expect(expected.slice(0, 3)).toBe(String(status));
    expect(await send(yogas.useBodyLimit, body, options)).toBe(expected);
  });
});
