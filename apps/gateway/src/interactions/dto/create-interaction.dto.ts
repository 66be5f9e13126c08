import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { OptionalNotNull } from '@app/common/validation/optional';
import { SwipeDto } from '@app/common/validation/swipe.dto';
import { MAX_USER_ID } from '@app/contracts';

/** A swipe or block. The actor is the token's user; an admin names the actor in `user_id`. */
export class CreateInteractionDto extends SwipeDto {
  @ApiPropertyOptional({ example: 1, description: 'The actor; admin only (a user always acts as the token subject)' })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_USER_ID)
  user_id?: number;
}
