import { notFound } from '../errors';
import { operationView } from '../operations';
import type { ActionRegistry } from '../registry';
import { requireString } from '../validation';

/**
 * GetOperations answers up to 200 a page (the reference), newest first unless the emulator is told
 * to list oldest first as the reference words it; the worker's watcher copes with either.
 */

export function registerOperations(registry: ActionRegistry): void {
  registry.register(
    'GetOperation',
    (ctx, params) => {
      const id = requireString(params, 'operationId');
      const op = ctx.store.operations[id];
      if (!op) throw notFound(`The operation ${id} does not exist in ${ctx.region}.`);
      return { operation: operationView(op, ctx.region, ctx.clock.now()) };
    },
    { mutating: false, readsOnly: true },
  );

  registry.register(
    'GetOperations',
    (ctx) => {
      const sign = ctx.operationsOrder === 'newest-first' ? -1 : 1;
      const ordered = Object.values(ctx.store.operations).sort(
        (a, b) => sign * (a.createdAtMs - b.createdAtMs),
      );
      // Paged by the server (pagination.ts), 200 a page.
      return { operations: ordered.map((op) => operationView(op, ctx.region, ctx.clock.now())) };
    },
    { mutating: false, readsOnly: true },
  );

  registry.register(
    'GetOperationsForResource',
    (ctx, params) => {
      const name = requireString(params, 'resourceName');
      return {
        operations: Object.values(ctx.store.operations)
          .filter((op) => op.resourceName === name)
          .sort((a, b) => b.createdAtMs - a.createdAtMs)
          .map((op) => operationView(op, ctx.region, ctx.clock.now())),
      };
    },
    { mutating: false, readsOnly: true },
  );
}
