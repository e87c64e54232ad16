import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the async context says about writes: a scope of one HTTP request (`owner` its raw request, `granted` once a
 * bypass let it through), or the permit of an `allowWrites` scope (no owner, always granted).
 */
class WriteScope {
  constructor(
    readonly owner: object | null,
    public granted: boolean,
  ) {}
}

const PERMIT: WriteScope = Object.freeze(new WriteScope(null, true));
const scopes = new AsyncLocalStorage<WriteScope>();

/**
 * How many database write guards are installed in this process. While there are none, nothing reads the permit,
 * so `allowWrites` does not touch AsyncLocalStorage: on Node 20 and 22 its first use slows every promise of the
 * process, a cost only apps that turn on `readOnly.guardDatabase` should pay.
 */
let guards = 0;

/**
 * Runs `fn` with permission to write through a DataSource guarded by `readOnly.guardDatabase`, while maintenance
 * is in force: for work that must go on in read-only or full mode (recording a sign-in, a job that keeps a queue
 * table). The permission follows the async calls `fn` makes (AsyncLocalStorage), and ends with them; it returns
 * what `fn` returns (a promise stays a promise).
 *
 * Without `readOnly.guardDatabase` it just calls `fn`.
 *
 * @example
 * ```ts
 * @Get('me')
 * async me(@Req() req: Request) {
 *   const user = await this.users.findOneByOrFail({ id: userId(req) });
 *   // A GET that writes: refused during maintenance, unless it is allowed on purpose.
 *   await allowWrites(() => this.users.update(user.id, { lastSeenAt: new Date() }));
 *   return user;
 * }
 * ```
 * @publicApi
 */
export function allowWrites<T>(fn: () => T): T {
  return guards === 0 ? fn() : scopes.run(PERMIT, fn);
}

/** Whether the code running now may write while maintenance is in force: inside `allowWrites`, or a bypassed request. */
export function writesAllowed(): boolean {
  return scopes.getStore()?.granted === true;
}

/** Requests let through by a bypass before their scope began (the Fastify hook decides in `onRequest`). */
const permittedEarly = new WeakSet<object>();

/**
 * Runs `fn` (the rest of an HTTP request's handling: guards, handler) in a write scope of its own, owned by the
 * request: no permission to write unless `permitRequestWrites` grants it, and nothing that outlives the request. A
 * scope set with `run`, never `enterWith`: on Node 20 and 22 a store entered from a guard sticks to the connection and
 * reaches the next request on it.
 *
 * @param owner the raw request (Node's `IncomingMessage`), as `permitRequestWrites` is given it
 */
export function runInRequestScope<T>(owner: object, fn: () => T): T {
  return scopes.run(new WriteScope(owner, permittedEarly.has(owner)), fn);
}

/**
 * Lets a request write for the rest of its handling: the one that owns the write scope in force (its handler's
 * continuations see it, even those already scheduled: the scope is changed, not replaced), or, before its scope
 * begins, the scope it will get. Never another request's.
 */
export function permitRequestWrites(owner: object): void {
  const scope = scopes.getStore();
  if (scope !== undefined && scope.owner === owner) scope.granted = true;
  else permittedEarly.add(owner);
}

/** Counts a database write guard in (on install) or out (on uninstall); see `guards`. */
export function countWriteGuard(delta: 1 | -1): void {
  guards = Math.max(0, guards + delta);
}
