// Logs leave the platform (to files, to a log service): whatever identifies a person in a line,
// in a message or in an error's text that quotes input, is masked in the line as written.
import type { LoggerOptions } from 'pino';
import { maskPersonalData } from '../domain/privacy.ts';

export const maskedLogging: Pick<LoggerOptions, 'hooks'> = {
  hooks: { streamWrite: (line) => maskPersonalData(line) },
};
