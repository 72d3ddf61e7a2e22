// One GraphQL POST for the suite's answer checks (the load itself goes through loadClient.ts):
// sends a prepared body and returns the parsed JSON answer.

/** POSTs `body` (a JSON text) to `url` and returns the parsed answer; throws for a non-JSON answer. */
export async function postGraphQL(url: string, body: string): Promise<{ data?: unknown; errors?: unknown }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body });
  const text = await response.text();
  try {
    return JSON.parse(text) as { data?: unknown; errors?: unknown };
  } catch {
    throw new Error(`${url} answered HTTP ${response.status} with non-JSON: ${text.slice(0, 200)}`);
  }
}

/** Whether shardgate's schema at `url` has the relationship fields of issue #6 (`customer.corders`, `corder.product`). */
export async function hasRelationships(url: string): Promise<boolean> {
  const answer = await postGraphQL(url, JSON.stringify({ query: '{ c: __type(name: "customer") { fields { name } } o: __type(name: "corder") { fields { name } } }' }));
  const data = answer.data as { c?: { fields: { name: string }[] } | null; o?: { fields: { name: string }[] } | null } | undefined;
  const names = (t: { fields: { name: string }[] } | null | undefined): string[] => (t?.fields ?? []).map((f) => f.name);
  return names(data?.c).includes('corders') && names(data?.o).includes('product');
}
