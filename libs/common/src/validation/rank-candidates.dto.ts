import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, Max, Min } from 'class-validator';
import { MAX_USER_ID, MAX_RANK_CANDIDATES } from '@app/contracts';

/** The app's own list of people to score and explain for a viewer. */
export class RankCandidatesDto {
  @ApiProperty({
    example: [12, 34, 56],
    type: [Number],
    description: `1 to ${MAX_RANK_CANDIDATES} user ids to score and explain`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_RANK_CANDIDATES)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_USER_ID, { each: true })
  candidate_ids: number[];
}
