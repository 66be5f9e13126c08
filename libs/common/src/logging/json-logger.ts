import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

const LEVELS: Record<string, pino.Level> = {
  CRITICAL: 'fatal',
  FATAL: 'fatal',
  ERROR: 'error',
  WARNING: 'warn',
  WARN: 'warn',
  INFO: 'info',
  DEBUG: 'debug',
  TRACE: 'trace',
};

/** Maps the seed's level names (INFO, WARNING, ...) to pino's. */
export function toPinoLevel(level: string): pino.Level {
  return LEVELS[level.toUpperCase()] ?? 'info';
}

/**
 * Structured JSON logs: one line per event with the service name. A line about a request carries
 * its id when the caller passes an object with `request_id` (see request-context.ts), so one
 * request can be followed across services.
 */
export class JsonLogger implements LoggerService {
  readonly pino: Logger;

  /** `destination`: where lines go (standard output unless given). */
  constructor(service: string, level = 'INFO', destination?: pino.DestinationStream) {
    const options: pino.LoggerOptions = {
      level: toPinoLevel(level),
      base: { service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      formatters: { level: (label) => ({ level: label }) },
    };
    this.pino = destination ? pino(options, destination) : pino(options);
  }

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  error(message: unknown, stackOrContext?: string, context?: string): void {
    if (message instanceof Error) {
      this.pino.error(
        { context: stackOrContext, err: { message: message.message, stack: message.stack } },
        message.message,
      );
      return;
    }
    const stack = context ? stackOrContext : undefined;
    if (typeof message === 'object' && message !== null) {
      this.pino.error({ context: context ?? stackOrContext, ...(stack ? { stack } : {}), ...(message as object) });
      return;
    }
    this.pino.error({ context: context ?? stackOrContext, ...(stack ? { stack } : {}) }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, context);
  }

  private write(level: pino.Level, message: unknown, context?: string): void {
    if (typeof message === 'object' && message !== null) this.pino[level]({ context, ...(message as object) });
    else this.pino[level]({ context }, String(message));
  }
}
