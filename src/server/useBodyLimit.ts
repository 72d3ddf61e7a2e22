// useBodyLimit: the request body size limit, as Yoga's own `maxRequestBodySize` applies it
// (413 REQUEST_ENTITY_TOO_LARGE, 400 BAD_REQUEST for a malformed Content-Length), without its
// cost on every request: Yoga pipes every body through a TransformStream (a stream pipeline,
// an AbortController and a DOMException per request, about 5% of a by-pk request's CPU). A body
// with a Content-Length is checked by that header alone: Node's HTTP parser never delivers more
// bytes than it announces. Only a body without one (chunked) is counted as it streams.

import { createGraphQLError, type Plugin } from 'graphql-yoga';

/** Yoga's default limit, kept: 25 MB. */
export const DEFAULT_MAX_BODY_BYTES = 25_000_000;

const CONTENT_LENGTH = /^\d+$/;

function tooLarge(): Error {
  return createGraphQLError('Request body too large', { extensions: { http: { status: 413 }, code: 'REQUEST_ENTITY_TOO_LARGE' } });
}

/** A copy of `request` whose body fails with 413 once more than `limit` bytes have streamed. */
function countingRequest(request: Request, limit: number, fetchAPI: { Request: typeof Request; TransformStream: typeof TransformStream }): Request {
  let bytes = 0;
  // A native body needs the native TransformStream, Yoga's ponyfilled body the ponyfill (as in Yoga).
  const Transform = request.body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  const counted = request.body!.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        if (bytes > limit) controller.error(tooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, signal: request.signal, body: counted, duplex: 'half' } as RequestInit);
}

/**
 * Refuses request bodies above `maxBytes`. Contract: give createYoga `maxRequestBodySize: false`
 * (this replaces it); a Content-Length that is not one non-negative integer is 400 BAD_REQUEST,
 * one above the limit 413 REQUEST_ENTITY_TOO_LARGE before anything is read; a body without
 * Content-Length fails with 413 while it is read, once it passes the limit.
 */
export function useBodyLimit(maxBytes: number = DEFAULT_MAX_BODY_BYTES): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const contentLength = request.headers.get('content-length');
      if (contentLength !== null) {
        if (!CONTENT_LENGTH.test(contentLength)) {
          throw createGraphQLError('Content-Length header is invalid.', { extensions: { http: { status: 400 }, code: 'BAD_REQUEST' } });
        }
        if (Number(contentLength) > maxBytes) throw tooLarge();
        return;
      }
      if (requestParser === undefined || request.body === null) return;
      const parse = requestParser;
      setRequestParser((r) => parse(countingRequest(r, maxBytes, fetchAPI)));
    },
  };
}
