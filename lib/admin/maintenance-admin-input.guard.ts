import { BadRequestException, CanActivate, ExecutionContext, Injectable, Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, ValidationError } from 'class-validator';
import { MAINTENANCE_ADMIN_INPUT_KEY } from '../maintenance.internal-constants';
import { smallObjectProblems } from './dto/small-object-input';

/** The DTOs a route's body and query string must match (`@AdminInput()`). */
export interface AdminInputShapes {
  body?: Type<object>;
  query?: Type<object>;
}

/**
 * Checks an admin route's body and query string against its DTOs as they arrived, before any pipe runs.
 * The host app's global pipes run before the module's own: a `ValidationPipe({ whitelist: true })` would
 * strip a misspelled field (`endAt`) and the write would go through without it; class-transformer would
 * recurse into a deeply nested value until the stack overflows (a 500); and `__proto__`-style keys would slip
 * past the whitelist. A guard sees the raw input first, so none of that depends on the host's pipes.
 * The module's own ValidationPipe still transforms what passed.
 */
@Injectable()
export class MaintenanceAdminInputGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const shapes = this.reflector.get<AdminInputShapes | undefined>(MAINTENANCE_ADMIN_INPUT_KEY, context.getHandler());
    if (!shapes) return true;
    const request = context.switchToHttp().getRequest<{ body?: unknown; query?: unknown }>();
    const problems = [
      ...(shapes.body ? inputProblems(shapes.body, request.body, 'body') : []),
      ...(shapes.query ? inputProblems(shapes.query, request.query, 'query string') : []),
    ];
    if (problems.length > 0) throw new BadRequestException(problems);
    return true;
  }
}

/** What is wrong with `raw` as an instance of `dto`, one message per problem naming the field; empty when nothing is. */
export function inputProblems(dto: Type<object>, raw: unknown, what: string): string[] {
  const input: unknown = raw ?? {};
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return [`the ${what} must be a JSON object`];
  const allowed = propertiesOf(dto);
  const problems: string[] = [];
  // Own keys as sent, "__proto__" and "constructor" included (JSON.parse makes them own properties).
  for (const key of Object.keys(input)) {
    const value = (input as Record<string, unknown>)[key];
    if (!allowed.has(key)) problems.push(`property ${key} should not exist`);
    else if (value !== null && typeof value === 'object') {
      problems.push(...(smallObjectProblems(dto, key, value) ?? [`${key} must be a single value, not an object or a list`]));
    }
  }
  if (problems.length > 0) return problems;
  // Flat (or one small object deep) and known: class-transformer cannot recurse, class-validator checks the values.
  const instance = plainToInstance(dto, { ...input });
  return validateSync(instance, { forbidUnknownValues: true }).flatMap(messagesOf);
}

const known = new WeakMap<Type<object>, ReadonlySet<string>>();

/** The properties a DTO declares through class-validator decorators (inherited ones too), computed once. */
function propertiesOf(dto: Type<object>): ReadonlySet<string> {
  let properties = known.get(dto);
  if (!properties) {
    const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', false, false);
    properties = new Set(metadata.map((entry) => entry.propertyName));
    known.set(dto, properties);
  }
  return properties;
}

function messagesOf(error: ValidationError): string[] {
  return [...Object.values(error.constraints ?? {}), ...(error.children ?? []).flatMap(messagesOf)];
}
