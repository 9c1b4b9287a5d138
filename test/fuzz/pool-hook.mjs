// Module hook of the fuzz child: src/runtime/pool.node.ts resolves to ./inline-pool.ts (why: there).
const INLINE = new URL('./inline-pool.ts', import.meta.url).href;

export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  return r.url.endsWith('/src/runtime/pool.node.ts') ? { ...r, url: INLINE } : r;
}
