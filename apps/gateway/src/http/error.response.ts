import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { ErrorCode } from '@app/contracts';

class FieldErrorResponse {
  @ApiProperty({ example: 'age' }) field: string;
  @ApiProperty({ example: ['age must be at least 18'], type: [String] }) reasons: string[];
}

/** The body of every error response. */
export class ErrorResponse {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ enum: ErrorCode, example: ErrorCode.ValidationFailed }) error: ErrorCode;
  @ApiProperty({ example: 'age: age must be at least 18' }) message: string;
  @ApiPropertyOptional({ type: [FieldErrorResponse] }) details?: FieldErrorResponse[];
  @ApiPropertyOptional({ example: '5d0c7e0e-6a3c-4a43-9a3b-2f1f0f8e8d11' }) request_id?: string;
}

/** Documents the error statuses an authenticated endpoint can answer with. */
export const ApiErrors = (...statuses: number[]) =>
  applyDecorators(
    ...[400, 401, ...statuses, 429, 503].map((status) =>
      ApiResponse({ status, type: ErrorResponse, description: ERROR_TEXT[status] ?? 'Error' }),
    ),
  );

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input: the message and details name each field and reason',
  401: 'Missing or invalid bearer token',
  403: 'Acting as someone else, or an admin-only operation',
  404: 'Unknown id',
  409: 'Conflicts with existing data',
  429: 'Rate limit exceeded',
  503: 'A backing service is unavailable',
};
