import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type ImpressionRow, INSERT_IMPRESSIONS_SQL } from './impression-rows';

@Injectable()
export class ImpressionsWriter {
  private readonly logger = new Logger(ImpressionsWriter.name);

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Logs a served list in one statement. A failure is logged, never shown to the viewer. */
  async log(rows: ImpressionRow[]): Promise<void> {
    if (rows.length === 0) return;
    try {
      await this.ds.query(INSERT_IMPRESSIONS_SQL, [JSON.stringify(rows)]);
    } catch (err) {
      this.logger.error(`could not log ${rows.length} impressions of viewer ${rows[0].viewer_id}: ${(err as Error).message}`);
    }
  }
}
