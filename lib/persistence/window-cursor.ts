import { BadRequestException } from '@nestjs/common';
import { MESSAGES } from '../maintenance.messages';

/** Opaque keyset cursor over (createdAt, id). */
export function encodeWindowCursor(createdAtMs: number, id: string): string {
  return Buffer.from(JSON.stringify([createdAtMs, id]), 'utf8').toString('base64url');
}

export function decodeWindowCursor(cursor: string): [number, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && Number.isSafeInteger(value[0]) && typeof value[1] === 'string' && value[1].length <= 36) {
      return [value[0], value[1]];
    }
  } catch {
    // fall through
  }
  throw new BadRequestException([MESSAGES.invalidCursor]);
}

/** The cursor of a window page: the creation time and id of its last window. */
export function windowCursorOf(window: { createdAt: Date; id: string }): string {
  return encodeWindowCursor(window.createdAt.getTime(), window.id);
}
