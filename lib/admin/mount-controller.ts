import { Controller, Type } from '@nestjs/common';

/**
 * A subclass of `base` routed under `path`: the admin path is an option, but `@Controller(path)` is
 * static, so each controller is declared without a path and mounted here. The subclass keeps the
 * handlers and every decorator of its base (Nest and Swagger read metadata through the prototype chain);
 * its name (`Mounted<Base>`) prefixes the OpenAPI operation ids.
 */
export function mountController<T>(base: Type<T>, path: string): Type<T> {
  const mounted = class extends (base as Type<object>) {};
  Object.defineProperty(mounted, 'name', { value: `Mounted${base.name}` });
  Controller(path)(mounted);
  return mounted as Type<T>;
}
