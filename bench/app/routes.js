'use strict';
// The routes every benchmark app serves, identical in all six scenarios. Plain JS, so decorators are
// applied as functions; no compile step stands between the bench and dist/.
const { Controller, Get, Post } = require('@nestjs/common');
const { MaintenanceScope } = require('../../dist');

/** A small JSON body, the same for every route, so routes differ only in how the module treats them. */
const PAYLOAD = Object.freeze({
  items: [
    { id: 1, name: 'alpha' },
    { id: 2, name: 'beta' },
  ],
});

class ItemsController {
  list() {
    return PAYLOAD;
  }

  create() {
    return { created: true };
  }
}

/** Matched by the last entry of `bypass.paths`, so the path check runs through every pattern before it. */
class StatusController {
  ping() {
    return PAYLOAD;
  }
}

/** The one route in a scope (bench-0): the scoped rows of the http suite request it. */
class ScopedItemsController {
  list() {
    return PAYLOAD;
  }
}

decorateMethod(Get(), ScopedItemsController, 'list');
MaintenanceScope('bench-0')(ScopedItemsController);
Controller('scoped/items')(ScopedItemsController);
decorateMethod(Get(), ItemsController, 'list');
decorateMethod(Post(), ItemsController, 'create');
decorateMethod(Get('ping'), StatusController, 'ping');
Controller('items')(ItemsController);
Controller('status')(StatusController);

function decorateMethod(decorator, target, name) {
  const proto = target.prototype;
  decorator(proto, name, Object.getOwnPropertyDescriptor(proto, name));
}

module.exports = { BENCH_CONTROLLERS: [ItemsController, StatusController, ScopedItemsController] };
