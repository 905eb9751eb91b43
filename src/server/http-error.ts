// The one error type route code throws; app.ts turns it into `{ ok: false, error: { code, message, issues? } }`.
import type { z } from 'zod';
import type { ServerErrorCode } from '../shared/sync';

export interface Issue {
  path: string;
  message: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ServerErrorCode,
    message: string,
    readonly issues?: Issue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function invalidInput(error: z.ZodError, where: string): HttpError {
  return new HttpError(
    400,
    'invalid_input',
    `Invalid ${where}`,
    error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}
