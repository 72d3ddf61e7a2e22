// useFederatedTracing: Apollo federated tracing (ftv1) for the federation subgraph. An operation
// whose request carries `apollo-federation-include-trace: ftv1` (what a router sends when it
// wants field timings) is answered with `extensions.ftv1`: a base64 protobuf `Trace`
// (@apollo/usage-reporting-protobuf) holding its duration and one node per resolved field
// (response name, type, parent type, start and end in ns since the operation started). Errors go
// into the trace masked, as Apollo Server's inline trace does by default: `<masked>`, with their
// path and locations, never their text (which the client may not see either). Owns the trace;
// runs as an envelop onExecute hook, so the fast path (fastPath.ts) and Yoga both serve it.
//
// Cost: an operation without the header pays one header read. Traced operations execute with
// graphql-js on a copy of the schema whose every object field's resolver records its node; the
// served schema (and graphql-jit's compiled operations) are never wrapped. Not
// @graphql-yoga/plugin-apollo-inline-trace: it wraps the resolvers of the served schema itself
// (a closure and a WeakMap lookup per field of every request, and no inlined property reads for
// graphql-jit) and adds ftv1 in Yoga-level hooks, which the fast path does not run.

import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { Trace, google } from '@apollo/usage-reporting-protobuf';
import { defaultFieldResolver, execute, type ExecutionResult, type GraphQLError, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { isAsyncIterable, isPromise, makeExecute, type Plugin } from 'graphql-yoga';

/** The request header a router sets to ask for a trace, and the value that asks for ftv1. */
export const TRACE_HEADER = 'apollo-federation-include-trace';
export const TRACE_FTV1 = 'ftv1';

/** What a trace error says instead of the error's text (Apollo Server's default). */
export const MASKED_MESSAGE = '<masked>';

type Path = GraphQLResolveInfo['path'];

function nowTimestamp(): google.protobuf.Timestamp {
  const ms = Date.now();
  return new google.protobuf.Timestamp({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });
}

/** The child of `node` at one response path step (a field's response name or a list index), if recorded. */
function childAt(node: Trace.Node, key: string | number): Trace.Node | undefined {
  for (const c of node.child as Trace.Node[]) if (typeof key === 'number' ? c.responseName === '' && c.index === key : c.responseName === key) return c;
  return undefined;
}

/**
 * The trace of one operation, timed against one hrtime origin. Nodes are found by graphql-js's
 * path objects (a field's children share its path object, a list item's fields their index
 * path object), so recording a field costs no path string.
 */
export class TraceBuilder {
  private readonly origin = process.hrtime.bigint();
  private readonly root = new Trace.Node();
  private readonly nodes = new Map<Path, Trace.Node>();
  private readonly trace = new Trace({ root: this.root, startTime: nowTimestamp(), fieldExecutionWeight: 1 });

  private elapsedNs(): number {
    return Number(process.hrtime.bigint() - this.origin);
  }

  /** The node at `path`, created with its parents (list index nodes) when missing. */
  private nodeAt(path: Path): Trace.Node {
    const known = this.nodes.get(path);
    if (known !== undefined) return known;
    const node = new Trace.Node(typeof path.key === 'number' ? { index: path.key } : { responseName: path.key });
    this.nodes.set(path, node);
    (path.prev === undefined ? this.root : this.nodeAt(path.prev)).child.push(node);
    return node;
  }

  /** Records that the field at `info.path` (of type `type`) starts resolving; the returned function records its end. */
  fieldStarts(info: GraphQLResolveInfo, type: string): () => void {
    const node = this.nodeAt(info.path);
    node.type = type;
    node.parentType = info.parentType.name;
    if (info.path.key !== info.fieldName) node.originalFieldName = info.fieldName;
    node.startTime = this.elapsedNs();
    return () => {
      node.endTime = this.elapsedNs();
    };
  }

  /** The node of `path` or of its nearest recorded ancestor; the root when none is. */
  private nearestNode(path: readonly (string | number)[]): Trace.Node {
    let node = this.root;
    for (const key of path) {
      const next = childAt(node, key);
      if (next === undefined) break;
      node = next;
    }
    return node;
  }

  /** Ends the trace: its duration and end time, and `errors` (masked) on the nodes of their paths. */
  finish(errors: readonly GraphQLError[] | undefined): void {
    for (const error of errors ?? []) {
      const masked = { message: MASKED_MESSAGE, locations: error.locations, path: error.path, extensions: { maskedBy: 'shardgate' } };
      this.nearestNode(error.path ?? []).error.push(new Trace.Error({ message: MASKED_MESSAGE, location: (error.locations ?? []).map((l) => new Trace.Location(l)), json: JSON.stringify(masked) }));
    }
    this.trace.durationNs = this.elapsedNs();
    this.trace.endTime = nowTimestamp();
  }

  /** The trace as `extensions.ftv1` carries it: base64 of its protobuf encoding. */
  encode(): string {
    const bytes = Trace.encode(this.trace).finish();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  }
}

/**
 * A copy of `schema` in which every object field's resolver (the default one included) tells the
 * TraceBuilder of its operation's context (`builders`) when it starts and when its value is done.
 */
export function tracedSchema(schema: GraphQLSchema, builders: WeakMap<object, TraceBuilder>): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field) => {
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      const type = String(field.type);
      const traced: GraphQLFieldResolver<unknown, object> = (source, args, context, info) => {
        const builder = builders.get(context);
        if (builder === undefined) return resolve(source, args, context, info);
        const done = builder.fieldStarts(info, type);
        let value: unknown;
        try {
          value = resolve(source, args, context, info);
        } catch (error) {
          done();
          throw error;
        }
        if (!isPromise(value)) {
          done();
          return value;
        }
        return value.then(
          (v) => {
            done();
            return v;
          },
          (error: unknown) => {
            done();
            throw error;
          },
        );
      };
      return { ...field, resolve: traced };
    },
  });
}

/**
 * The plugin. Contract: only an operation whose request has `apollo-federation-include-trace:
 * ftv1` is traced and gets `extensions.ftv1`; its data and errors are what graphql-js gives on the served schema. Must come after useJit
 * (it replaces the execute function useJit set) and before plugins that wrap the execute
 * function that runs (useMutationTransactions).
 */
export function useFederatedTracing(): Plugin {
  const builders = new WeakMap<object, TraceBuilder>();
  let copy: { readonly of: GraphQLSchema; readonly schema: GraphQLSchema } | undefined;
  const tracedExecute = makeExecute((args) => {
    let current = copy;
    if (current === undefined || current.of !== args.schema) {
      current = { of: args.schema, schema: tracedSchema(args.schema, builders) };
      copy = current;
    }
    return execute({ ...args, schema: current.schema });
  });
  return {
    onExecute({ args, setExecuteFn }) {
      const context = args.contextValue as { request?: Request } | undefined;
      if (context?.request?.headers.get(TRACE_HEADER) !== TRACE_FTV1) return undefined;
      const builder = new TraceBuilder();
      builders.set(context, builder);
      setExecuteFn(tracedExecute);
      return {
        onExecuteDone({ result, setResult }) {
          if (isAsyncIterable(result)) return;
          const single = result as ExecutionResult;
          builder.finish(single.errors);
          setResult({ ...single, extensions: { ...single.extensions, ftv1: builder.encode() } });
        },
      };
    },
  };
}
