import { ApiProperty } from '@nestjs/swagger';
import { InteractionResponse } from './interaction.response';

/** The request's classes are the ones the interaction service checks its own input with. */
export { BatchInteractionDto, CreateInteractionsBatchDto } from '@app/common/validation/create-interactions-batch.dto';

export class InteractionsBatchResponse {
  @ApiProperty({ example: 2 }) created: number;
  @ApiProperty({ example: 0, description: 'Identical records already stored (skipped)' }) existing: number;
  @ApiProperty({ type: [InteractionResponse] }) items: InteractionResponse[];
}
