// Logs leave the platform (to files, to a log service): whatever identifies a person in them,
// a message or an error's text that quotes input, is masked before a line is written.
import type { LoggerOptions } from 'pino';
import { maskPersonalData } from '../domain/privacy.ts';

function masked(value: unknown): unknown {
  if (typeof value === 'string') return maskPersonalData(value);
  if (Array.isArray(value)) return value.map(masked);
  if (value instanceof Error)
    return { type: value.name, message: masked(value.message), stack: masked(value.stack) };
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v)]));
  }
  return value;
}

export const maskedLogging: Pick<LoggerOptions, 'formatters' | 'hooks'> = {
  formatters: { log: (object) => masked(object) as Record<string, unknown> },
  hooks: {
    logMethod(args, method) {
      method.apply(
        this,
        args.map((arg) => (typeof arg === 'string' ? maskPersonalData(arg) : arg)) as Parameters<
          typeof method
        >,
      );
    },
  },
};
